using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Gateway;

/// <summary>
/// Sends a node's queued tasks over its connection, in submission order, then marks them dispatched through the
/// <see cref="TaskUpdateWriter"/>. One per connection; woken when tasks are submitted for the node. Its first round
/// also re-sends tasks dispatched on an earlier connection that were never accepted (the Tentacle's journal makes
/// it ignore ids it has already accepted, so re-sending — also after a crash between send and mark — is safe)
/// and repeats cancel requests the node has not answered yet. Times go out on the node's clock, converted with
/// the offset its heartbeats measured, so expiry and aligned starts do not depend on synchronised clocks.
/// </summary>
internal sealed partial class NodeDispatcher(
    string nodeName,
    FrameConnection connection,
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskUpdateWriter writer,
    LiveOutput output,
    Func<double> clockOffsetMs,
    TimeProvider time,
    ILogger logger)
{
    // Tasks read per store query; a longer queue goes out in several pages.
    private const int PageSize = 256;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the dispatcher to look for queued tasks. Cheap and coalescing: many wakes, one look.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var includeDispatched = true;
        do
        {
            _wake.Reader.TryRead(out _);
            try
            {
                if (includeDispatched)
                {
                    await RepeatCancelsAsync(cancellationToken);
                }

                await DispatchRoundAsync(includeDispatched, cancellationToken);
                includeDispatched = false;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // The store failed this round (e.g. busy for longer than its timeout): try again shortly. Nothing
                // is lost: the tasks are still queued, or re-sent and ignored as duplicates by the Tentacle.
                LogRoundFailed(logger, nodeName, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                Wake();
            }
        }
        while (await _wake.Reader.WaitToReadAsync(cancellationToken));
    }

    private async Task DispatchRoundAsync(bool includeDispatched, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<TaskRecord> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Tasks.AsNoTracking()
                    .Where(t => t.NodeName == nodeName && t.Sequence > after
                        && (t.State == TaskState.Queued || (includeDispatched && t.State == TaskState.Dispatched)))
                    .OrderBy(t => t.Sequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
            }

            if (page.Count == 0)
            {
                return;
            }

            after = page[^1].Sequence;
            var now = time.GetUtcNow();
            var marks = new List<TaskUpdate>(page.Count);
            var offset = clockOffsetMs();
            foreach (var task in page)
            {
                var repeat = task.State == TaskState.Dispatched;
                if (!repeat && task.ExpiresAt is { } expires && expires <= now)
                {
                    marks.Add(new TaskUpdate.ExpireIfQueued(task.Id, now, ExpiredReason(task)));
                    continue;
                }

                output.Register(task.Id, task.BatchId, nodeName);
                await connection.SendAsync(MessageKind.TaskDispatch, ToDispatch(task, offset), ProtocolJsonContext.Default.TaskDispatch, cancellationToken: cancellationToken);
                marks.Add(new TaskUpdate.Dispatched(task.Id, now, repeat));
            }

            // The marks go through the one batching writer (no competing writers), and the next round waits for
            // them, so it never reads these tasks as still queued and sends them twice.
            foreach (var mark in marks)
            {
                writer.Enqueue(mark);
            }

            await Task.WhenAll(marks.Select(m => m.Committed.Task)).WaitAsync(cancellationToken);
            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    /// <summary>The wire form of a task, with its times moved to the node's clock (node = Brain - offset).</summary>
    private static TaskDispatch ToDispatch(TaskRecord task, double offsetMs) => new()
    {
        TaskId = task.Id,
        Kind = task.Kind,
        Payload = task.Payload,
        Parallel = task.Parallel,
        ExpiresAtUnixMs = task.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() - (long)Math.Round(offsetMs) : null,
        DelayMs = task.DelayMs,
        StartAtUnixMs = task.AlignAt is { } at ? (at - DateTimeOffset.UnixEpoch).TotalMilliseconds - offsetMs : null,
        AlignToleranceMs = task.AlignToleranceMs,
    };

    /// <summary>Tells the node again about cancels it has not answered (asked while it was away, or lost with a link).</summary>
    private async Task RepeatCancelsAsync(CancellationToken cancellationToken)
    {
        List<string> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.Tasks.AsNoTracking()
                .Where(t => t.NodeName == nodeName && t.CancelRequestedAt != null
                    && (t.State == TaskState.Dispatched || t.State == TaskState.Accepted || t.State == TaskState.Running))
                .Select(t => t.Id)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in pending)
        {
            await connection.SendAsync(MessageKind.TaskCancel, new TaskCancel { TaskId = id }, ProtocolJsonContext.Default.TaskCancel, cancellationToken: cancellationToken);
        }
    }

    private string ExpiredReason(TaskRecord task) => task.TtlSeconds > 0
        ? $"node {nodeName} did not come back within the task's time-to-live ({task.TtlSeconds} s)"
        : $"node {nodeName} dropped before the task could be sent; give --ttl to wait for it";

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Dispatching to {NodeName} failed; retrying in 1 s")]
    private static partial void LogRoundFailed(ILogger logger, string nodeName, Exception exception);
}
