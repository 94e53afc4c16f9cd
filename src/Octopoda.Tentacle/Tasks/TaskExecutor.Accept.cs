using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Accepting, refusing, de-duplicating and cancelling tasks.</summary>
internal sealed partial class TaskExecutor
{
    /// <summary>
    /// Takes a dispatch. The decision (duplicate, refused, accepted) and the journal write are queued before this
    /// returns its task, in dispatch order; the task completes when the answer went out. The link does not await
    /// it, so it reads the next dispatch while this one's write is in flight and a burst shares one fsync.
    /// </summary>
    public Task AcceptAsync(TaskDispatch dispatch, CancellationToken cancellationToken)
    {
        var now = TaskClock.NowUnixMs(_time);
        ActiveTask? task = null;
        TaskResult? refusal = null;
        Task write;
        lock (_lock)
        {
            if (!_known.Add(dispatch.TaskId))
            {
                write = Task.CompletedTask;
            }
            else if ((refusal = Refuse(dispatch, now)) is not null)
            {
                write = _journal.AcceptFinishedAsync(dispatch, now, refusal);
            }
            else
            {
                task = new ActiveTask(dispatch, now, _stopping.Token);
                _active[dispatch.TaskId] = task;
                write = _journal.AcceptAsync(dispatch, now);
                if (!task.RunsBesideQueue)
                {
                    _ordered.Writer.TryWrite(task);
                }
            }
        }

        return task is not null ? ConfirmAsync(task, write, cancellationToken)
            : refusal is not null ? PublishAsync(refusal, write)
            : AnswerDuplicateAsync(dispatch.TaskId, cancellationToken);
    }

    /// <summary>
    /// Stops a task. Running: its process group is killed and it ends cancelled. Accepted but not started: it ends
    /// cancelled at once. Unknown: a tombstone reserves the id (a dispatch still on its way is then a duplicate and
    /// never runs) and the answer is a cancelled result. Already finished: its result is repeated if unacknowledged.
    /// </summary>
    public Task CancelAsync(string taskId, string reason)
    {
        ActiveTask? task;
        TaskResult? result = null;
        Task write = Task.CompletedTask;
        lock (_lock)
        {
            if (_active.TryGetValue(taskId, out task))
            {
                task.CancelReason ??= reason;
                if (task.Phase == ActivePhase.Waiting)
                {
                    task.Phase = ActivePhase.Done;
                    _active.Remove(taskId);
                    result = Result(taskId, TaskState.Cancelled, NotStartedReason(reason));
                    write = _journal.FinishAsync(result);
                }
            }
            else if (_known.Add(taskId))
            {
                result = Result(taskId, TaskState.Cancelled, "cancelled before it reached the node");
                write = _journal.TombstoneAsync(taskId, TaskClock.NowUnixMs(_time), result);
            }
        }

        if (task is not null)
        {
            // Running: the run kills the process group and reports. Waiting: this ends its delay or aligned wait.
            task.TryCancel();
            return result is null ? Task.CompletedTask : PublishAfterAcceptAsync(task, result, write);
        }

        if (result is not null)
        {
            return PublishAsync(result, write);
        }

        return _outbox.TryGetValue(taskId, out var finished)
            ? SendAsync(MessageKind.TaskResult, finished, ProtocolJsonContext.Default.TaskResult, CancellationToken.None)
            : Task.CompletedTask;
    }

    /// <summary>A dispatch that must not run: expired on arrival, or an aligned start it cannot meet.</summary>
    private TaskResult? Refuse(TaskDispatch dispatch, long now)
    {
        if (dispatch.ExpiresAtUnixMs is { } expires && now > expires)
        {
            return Result(dispatch.TaskId, TaskState.Expired, $"arrived after its time-to-live: it expired at {expires} and arrived at {now} (node clock, Unix ms)");
        }

        if (dispatch.StartAtUnixMs is { } startAt && AlignedStart.Refusal(startAt, dispatch.AlignToleranceMs, TaskClock.PreciseUnixMs(_time)) is { } refusal)
        {
            return Result(dispatch.TaskId, TaskState.Failed, refusal);
        }

        return null;
    }

    private async Task ConfirmAsync(ActiveTask task, Task write, CancellationToken cancellationToken)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not durable, so not accepted: forget it; the Brain re-sends unaccepted tasks on its next connection.
            LogAcceptFailed(_logger, task.Id, ex);
            lock (_lock)
            {
                _active.Remove(task.Id);
                _known.Remove(task.Id);
                task.Phase = ActivePhase.Done;
            }

            task.AcceptFailed();
            return;
        }

        await SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = task.Id, AcceptedAtUnixMs = task.AcceptedAtUnixMs }, ProtocolJsonContext.Default.TaskAccepted, cancellationToken);
        task.MarkAccepted();
        if (task.RunsBesideQueue)
        {
            RunBesideQueue(task);
        }
    }

    /// <summary>Seen before: the Brain missed our answer. Repeat it; never run the task again.</summary>
    private async Task AnswerDuplicateAsync(string taskId, CancellationToken cancellationToken)
    {
        ActiveTask? active;
        lock (_lock)
        {
            _active.TryGetValue(taskId, out active);
        }

        if (active is not null)
        {
            try
            {
                await active.Accepted;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = taskId, AcceptedAtUnixMs = active.AcceptedAtUnixMs }, ProtocolJsonContext.Default.TaskAccepted, cancellationToken);
            return;
        }

        var result = _outbox.GetValueOrDefault(taskId);
        if (result is null)
        {
            try
            {
                result = await _journal.ReadResultAsync(taskId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogJournalWriteFailed(_logger, taskId, ex);
            }
        }

        if (result is not null)
        {
            await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken);
        }
    }

    private async Task PublishAfterAcceptAsync(ActiveTask task, TaskResult result, Task write)
    {
        try
        {
            // Our TaskAccepted goes out before the cancelled result, not after it.
            await task.Accepted;
        }
        catch (OperationCanceledException)
        {
            // The accept failed; the cancel's result still stands.
        }

        await PublishAsync(result, write);
    }

    /// <summary>Once <paramref name="write"/> (the result's journal write) is durable: into the outbox, and out.</summary>
    private async Task PublishAsync(TaskResult result, Task write)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not durable: still report it (kept in memory until acknowledged); a restart before then loses it.
            LogJournalWriteFailed(_logger, result.TaskId, ex);
        }

        _outbox[result.TaskId] = result;
        await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, CancellationToken.None);
    }

    private static string NotStartedReason(string? reason) =>
        reason is null or "cancelled" ? "cancelled before it started" : $"cancelled before it started: {reason}";
}
