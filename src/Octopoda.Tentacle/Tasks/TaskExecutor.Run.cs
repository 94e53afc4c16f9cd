using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Running accepted tasks: the ordered queue, the tasks beside it, one run from start to result.</summary>
internal sealed partial class TaskExecutor
{
    private async Task RunOrderedAsync()
    {
        await foreach (var task in _ordered.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await task.Accepted;
                await ExecuteAsync(task);
            }
            catch (OperationCanceledException)
            {
                // Its accept was not durable: it never was ours to run.
            }
            finally
            {
                task.Dispose();
            }
        }
    }

    private void RunBesideQueue(ActiveTask task)
    {
        var run = Task.Run(() => RunBesideQueueAsync(task), CancellationToken.None);
        _besideQueue[task] = run;
        _ = run.ContinueWith(_ => _besideQueue.TryRemove(task, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (run.IsCompleted)
        {
            // It ended before it was registered, so the continuation found nothing to remove.
            _besideQueue.TryRemove(task, out _);
        }
    }

    private async Task RunBesideQueueAsync(ActiveTask task)
    {
        try
        {
            if (task.Dispatch.DelayMs is > 0 and var delay)
            {
                // Counted from the accept, so a restart re-arms only what is left of the delay.
                var remaining = task.AcceptedAtUnixMs + delay - TaskClock.NowUnixMs(_time);
                if (remaining > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(remaining), _time, task.Cancellation.Token);
                }
            }

            await ExecuteAsync(task);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while delayed (the cancel reported it) or the Tentacle is stopping (it runs after the restart).
        }
        finally
        {
            task.Dispose();
        }
    }

    /// <summary>One task from its start to its result. Does nothing if it was cancelled first or the Tentacle is stopping.</summary>
    private async Task ExecuteAsync(ActiveTask task)
    {
        lock (_lock)
        {
            if (task.Phase != ActivePhase.Waiting || _stopping.IsCancellationRequested)
            {
                return;
            }

            task.Phase = ActivePhase.Starting;
        }

        TaskResult result;
        try
        {
            var plan = Plan(task.Dispatch);
            if (plan.Run is null)
            {
                result = Result(task.Id, TaskState.Failed, plan.Error);
            }
            else
            {
                // Durable before the process starts: a Tentacle that dies from here on reports the task lost,
                // never starts it a second time (file tasks excepted: they resume, see ResumesAfterRestart).
                await _journal.MarkRunningAsync(task.Id);
                var outcome = await RunAsync(task, plan);
                if (task.CancelReason is null && _stopping.IsCancellationRequested
                    && (outcome.Start is null || (outcome.Cancelled && ResumesAfterRestart(task.Dispatch.Kind))))
                {
                    // Stopping before the process started, or a file task stopped part-way: it is still only
                    // accepted, and runs after the restart (a push from what its spool holds).
                    await _journal.RevertToAcceptedAsync(task.Id);
                    End(task);
                    return;
                }

                result = ResultOf(task, outcome);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A handler failure must end as a recorded result, never take the agent down.
            LogTaskCrashed(_logger, task.Id, ex);
            result = Result(task.Id, TaskState.Failed, $"the Tentacle failed running the task: {ex.Message}", task.Start);
        }

        End(task);
        // Not awaited: the ordered queue moves on while the result's write is in flight. The next task's "running"
        // mark is queued behind it, so both share one fsync; the result goes out once its write is durable.
        Track(PublishAsync(result, _journal.FinishAsync(result)));
    }

    private void Track(Task publishing)
    {
        _publishing[publishing] = 0;
        _ = publishing.ContinueWith(done => _publishing.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (publishing.IsCompleted)
        {
            _publishing.TryRemove(publishing, out _);
        }
    }

    private async Task<ProcessOutcome> RunAsync(ActiveTask task, TaskPlan plan)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streaming = Task.CompletedTask;
        var hooks = new ProcessHooks
        {
            Stdout = task.Stdout,
            Stderr = task.Stderr,
            BeforeStart = task.Dispatch.StartAtUnixMs is { } startAt
                ? cancellationToken => AlignedStart.WaitAsync(startAt, task.Dispatch.AlignToleranceMs, _time, cancellationToken)
                : null,
            Started = start => streaming = Started(task, start, plan.Streams, ended.Task),
        };
        try
        {
            return await plan.Run!(hooks, task.Cancellation.Token);
        }
        finally
        {
            ended.TrySetResult();
            // The last chunks go out before the result: a stream's reader sees every character exactly once, in order.
            await streaming;
        }
    }

    private Task Started(ActiveTask task, ProcessStart start, bool streams, Task ended)
    {
        task.Start = start;
        lock (_lock)
        {
            if (task.Phase == ActivePhase.Starting)
            {
                task.Phase = ActivePhase.Running;
            }
        }

        _ = SendAsync(MessageKind.TaskStarted, new TaskStarted { TaskId = task.Id, StartedAtUnixMs = start.StartedAtUnixMs, ProcessId = start.ProcessId }, ProtocolJsonContext.Default.TaskStarted, CancellationToken.None);
        var stamp = start.ProcessId is { } pid ? ProcessStamp.TryRead(pid) : null;
        _ = ObserveAsync(_journal.RecordProcessAsync(task.Id, start.ProcessId, stamp, start.StartedAtUnixMs), task.Id);
        if (!streams)
        {
            return Task.CompletedTask;
        }

        task.Streamer = new OutputStreamer(task.Id, task.Stdout, task.Stderr, output => SendAsync(MessageKind.TaskOutput, output, ProtocolJsonContext.Default.TaskOutput, CancellationToken.None), _time);
        return task.Streamer.RunAsync(ended);
    }

    private void End(ActiveTask task)
    {
        lock (_lock)
        {
            task.Phase = ActivePhase.Done;
            _active.Remove(task.Id);
        }
    }

    private TaskResult ResultOf(ActiveTask task, ProcessOutcome outcome)
    {
        var start = outcome.Start;
        string? cancelReason;
        lock (_lock)
        {
            cancelReason = task.CancelReason;
        }

        var (state, error) = outcome switch
        {
            { Cancelled: true } when cancelReason is not null => (TaskState.Cancelled, start is null ? NotStartedReason(cancelReason)
                : start.Value.ProcessId is { } pid ? $"{cancelReason}; its process group {pid} was killed"
                : cancelReason),
            { Cancelled: true } => (TaskState.Lost, start?.ProcessId is { } pid
                ? TaskReaper.Prefix + $"its process group {pid} was killed as the Tentacle shut down"
                : "the Tentacle stopped while the task was running"),
            // A tail's time limit is how it normally ends.
            { TimedOut: true } when task.Dispatch.Kind == TaskKinds.Tail => (TaskState.Succeeded, null),
            { ExitCode: 0, Error: null } => (TaskState.Succeeded, null),
            _ => (TaskState.Failed, outcome.Error),
        };
        return Result(task.Id, state, error, start) with
        {
            ExitCode = outcome.TimedOut && task.Dispatch.Kind == TaskKinds.Tail ? null : outcome.ExitCode,
            Stdout = outcome.Stdout,
            Stderr = outcome.Stderr,
            OutputTruncated = outcome.Truncated,
            Report = outcome.Report is { Length: <= TaskResult.MaxReportChars } report ? report : null,
        };
    }

    private TaskPlan Plan(TaskDispatch dispatch)
    {
        switch (dispatch.Kind)
        {
            case TaskKinds.Command or TaskKinds.Script when TryRead(dispatch.Payload, ProtocolJsonContext.Default.CommandPayload) is { } command:
                return new TaskPlan((hooks, ct) => _runner.RunCommandAsync(dispatch.TaskId, dispatch.Kind, command, hooks, ct), !command.Background, null);
            case TaskKinds.Tail when TryRead(dispatch.Payload, ProtocolJsonContext.Default.TailPayload) is { } tail:
                return new TaskPlan((hooks, ct) => _runner.RunTailAsync(dispatch.TaskId, tail, hooks, ct), true, null);
            case TaskKinds.HttpGet when TryRead(dispatch.Payload, ProtocolJsonContext.Default.HttpGetPayload) is { } get:
                return new TaskPlan((hooks, ct) => _http.GetAsync(get, hooks, ct), false, null);
            case TaskKinds.FilePush when _files is not null && TryRead(dispatch.Payload, ProtocolJsonContext.Default.FilePushPayload) is { } push:
                return new TaskPlan(
                    (hooks, ct) => _files.Push.RunAsync(push, wanted => SendAsync(MessageKind.FileChunkRequest, wanted, ProtocolJsonContext.Default.FileChunkRequest, ct), hooks, _stopping.Token, ct),
                    false,
                    null);
            case TaskKinds.FilePull when _files is not null && TryRead(dispatch.Payload, ProtocolJsonContext.Default.FilePullPayload) is { } pull:
                return new TaskPlan((hooks, ct) => _files.Pull.RunAsync(pull, hooks, ct), false, null);
            case TaskKinds.FileList when _files is not null && TryRead(dispatch.Payload, ProtocolJsonContext.Default.FileListPayload) is { } list:
                return new TaskPlan((hooks, ct) => _files.List.RunAsync(list, hooks, ct), false, null);
            case var kind when TaskKinds.IsNodeApp(kind) && _nodeApps is not null && TryRead(dispatch.Payload, ProtocolJsonContext.Default.NodeAppPayload) is { } app:
                return new TaskPlan(
                    (hooks, ct) => _nodeApps.RunAsync(dispatch.TaskId, kind, app, wanted => SendAsync(MessageKind.FileChunkRequest, wanted, ProtocolJsonContext.Default.FileChunkRequest, ct), hooks, _stopping.Token, ct),
                    kind == TaskKinds.NodeAppRun,
                    null);
            default:
                return new TaskPlan(null, false, $"this Tentacle cannot run tasks of kind '{dispatch.Kind}' with this payload; upgrade it");
        }
    }

    private static T? TryRead<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How to run a task (null with an error for a kind or payload this build does not know), and whether its output streams.</summary>
    private sealed record TaskPlan(Func<ProcessHooks, CancellationToken, Task<ProcessOutcome>>? Run, bool Streams, string? Error);
}
