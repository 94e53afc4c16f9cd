using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Writes task state changes reported by the nodes. Changes queue here and are applied in batches, one
/// transaction per batch, so a fan-out to a thousand nodes costs a few dozen commits rather than thousands.
/// Each change completes when committed; only then does the gateway acknowledge a result to its Tentacle.
/// Transitions only move forward: a stale or repeated report changes nothing.
/// </summary>
internal sealed partial class TaskUpdateWriter(
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskEvents events,
    LiveOutput output,
    DeliveryStats stats,
    ILogger<TaskUpdateWriter> logger) : BackgroundService
{
    // Up to 512 changes per transaction: large enough to absorb a fan-out burst, small enough to keep each
    // commit (and the IN list of ids) short.
    private const int MaxBatch = 512;

    private readonly Channel<TaskUpdate> _queue = Channel.CreateUnbounded<TaskUpdate>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(TaskUpdate update)
    {
        if (!_queue.Writer.TryWrite(update))
        {
            update.Committed.TrySetCanceled();
        }
    }

    /// <summary>
    /// Ends tasks <c>lost</c> where only the Brain can decide it (their node lost its journal, or was pruned), and
    /// waits until that is committed. Tasks already final are left as they are.
    /// </summary>
    public async Task EndLostAsync(IReadOnlyList<string> taskIds, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var updates = taskIds.Select(id => new TaskUpdate.Finished(
            new TaskResult { TaskId = id, State = TaskState.Lost, Error = reason, FinishedAtUnixMs = at.ToUnixTimeMilliseconds() },
            null,
            at)).ToList();
        foreach (var update in updates)
        {
            Enqueue(update);
        }

        await Task.WhenAll(updates.Select(u => u.Committed.Task)).WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TaskUpdate>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var update))
                {
                    batch.Add(update);
                }

                await ApplyWithRetryAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unacknowledged changes are re-reported by the Tentacles when they reconnect.
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var update in batch)
            {
                update.Committed.TrySetCanceled(stoppingToken);
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Committed.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task ApplyWithRetryAsync(List<TaskUpdate> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var finished = await ApplyAsync(batch, cancellationToken);
                foreach (var update in batch)
                {
                    update.Committed.TrySetResult();
                }

                foreach (var task in finished)
                {
                    events.PublishFinal(task.ToView());
                    output.Remove(task.Id);
                }

                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException && attempt < 5)
            {
                LogWriteRetry(logger, batch.Count, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(logger, batch.Count, ex);
                foreach (var update in batch)
                {
                    update.Committed.TrySetException(ex);
                }

                return;
            }
        }
    }

    private async Task<List<TaskRecord>> ApplyAsync(List<TaskUpdate> batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = batch.Select(u => u.TaskId).Distinct().ToList();
        var tasks = await db.Tasks.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var finished = new List<TaskRecord>();
        foreach (var update in batch)
        {
            if (!tasks.TryGetValue(update.TaskId, out var task))
            {
                continue;
            }

            var wasFinal = task.State.IsFinal();
            var applied = Apply(task, update);
            stats.Record(task, update, applied, wasFinal);
            if (applied && task.State.IsFinal())
            {
                finished.Add(task);
                // In this transaction: the Brain's copy of a NodeApp's history commits with the result that reports it.
                Scenarios.NodeAppReports.Record(db, task);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return finished;
    }

    /// <summary>Applies one change if it moves the task forward; returns whether it did.</summary>
    internal static bool Apply(TaskRecord task, TaskUpdate update)
    {
        if (task.State.IsFinal())
        {
            return false;
        }

        switch (update)
        {
            case TaskUpdate.Dispatched d:
                task.DispatchCount++;
                if (task.State == TaskState.Queued)
                {
                    task.State = TaskState.Dispatched;
                    task.DispatchedAt = d.At;
                }

                return true;
            case TaskUpdate.Accepted a when task.State is TaskState.Queued or TaskState.Dispatched:
                task.State = TaskState.Accepted;
                task.AcceptedAt = a.At;
                return true;
            case TaskUpdate.Started s when task.State != TaskState.Running:
                task.State = TaskState.Running;
                task.StartedAt = s.At;
                return true;
            case TaskUpdate.ExpireIfQueued e when task.State == TaskState.Queued:
                task.State = TaskState.Expired;
                task.Error = Truncate(e.Reason, 4096);
                task.FinishedAt = e.At;
                return true;
            case TaskUpdate.CancelRequested c:
                task.CancelRequestedAt ??= c.At;
                if (task.State == TaskState.Queued)
                {
                    task.State = TaskState.Cancelled;
                    task.Error = Truncate(c.Reason, 4096);
                    task.FinishedAt = c.At;
                }

                return true;
            case TaskUpdate.Finished f:
                task.State = f.Result.State.IsFinal() ? f.Result.State : TaskState.Lost;
                task.ExitCode = f.Result.ExitCode;
                task.Stdout = f.Result.Stdout;
                task.Stderr = f.Result.Stderr;
                task.OutputTruncated = f.Result.OutputTruncated;
                task.Error = Truncate(f.Result.Error, 4096);
                task.Report = f.Result.Report is { Length: <= TaskResult.MaxReportChars } report ? report : null;
                task.StartedAt ??= f.StartedAt;
                task.FinishedAt = f.FinishedAt;
                return true;
            default:
                return false;
        }
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Writing {Count} task updates failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteRetry(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Writing {Count} task updates failed; the nodes will re-report them on reconnect")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
