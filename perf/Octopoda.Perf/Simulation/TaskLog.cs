using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// A virtual node's memory of tasks: ids it has seen (a repeated dispatch is answered, never run again) and
/// results not yet acknowledged (sent again on every new connection). Touched by its node's receive loop and by
/// the timers of delayed and time-aligned starts, hence the lock; nothing awaits while holding it.
/// </summary>
internal sealed class TaskLog(string nodeName)
{
    // Ids remembered after their result was acknowledged, to ignore a late duplicate dispatch; 10,000 per node is
    // far beyond any redelivery window and costs about 1 MB per node only when that many tasks have run.
    private const int RememberedIds = 10_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private readonly Dictionary<string, TaskResult> _outbox = new(StringComparer.Ordinal);

    /// <summary>A copy of the results the Brain has not acknowledged yet.</summary>
    public List<TaskResult> Unacknowledged()
    {
        lock (_lock)
        {
            return [.. _outbox.Values];
        }
    }

    /// <summary>True for a task id not seen before (and remembers it).</summary>
    public bool TryBegin(string taskId)
    {
        lock (_lock)
        {
            if (!_seen.Add(taskId))
            {
                return false;
            }

            _seenOrder.Enqueue(taskId);
            while (_seenOrder.Count > RememberedIds && _seenOrder.TryDequeue(out var old))
            {
                if (!_outbox.ContainsKey(old))
                {
                    _seen.Remove(old);
                }
            }

            return true;
        }
    }

    public TaskResult? Pending(string taskId)
    {
        lock (_lock)
        {
            return _outbox.GetValueOrDefault(taskId);
        }
    }

    /// <summary>"Runs" the task at once and keeps its result until acknowledged.</summary>
    public TaskResult Complete(TaskDispatch dispatch, double startedAtUnixMs, long finishedAtUnixMs)
    {
        var command = ReadCommand(dispatch);
        var result = command is null
            ? new TaskResult
            {
                TaskId = dispatch.TaskId,
                State = TaskState.Failed,
                Error = $"the simulator runs only command and script tasks, not '{dispatch.Kind}' (or the payload is not a command)",
                FinishedAtUnixMs = finishedAtUnixMs,
            }
            : new TaskResult
            {
                TaskId = dispatch.TaskId,
                State = TaskState.Succeeded,
                ExitCode = 0,
                Stdout = Output(command, startedAtUnixMs),
                StartedAtUnixMs = startedAtUnixMs,
                FinishedAtUnixMs = finishedAtUnixMs,
            };
        return Keep(result);
    }

    /// <summary>Ends a task that never started (expired, refused, cancelled) and keeps that result until acknowledged.</summary>
    public TaskResult End(string taskId, TaskState state, string error, long finishedAtUnixMs) =>
        Keep(new TaskResult { TaskId = taskId, State = state, Error = error, FinishedAtUnixMs = finishedAtUnixMs });

    /// <summary>Drops an acknowledged result; returns whether one was pending.</summary>
    public bool Acknowledge(string taskId)
    {
        lock (_lock)
        {
            return _outbox.Remove(taskId);
        }
    }

    private TaskResult Keep(TaskResult result)
    {
        lock (_lock)
        {
            _outbox[result.TaskId] = result;
        }

        return result;
    }

    /// <summary>
    /// What a few commands the benchmarks use would print: <c>uname</c> a Linux banner, <c>date +%s%N</c> the start
    /// instant in ns (the align benchmark's own measure); anything else nothing.
    /// </summary>
    private string Output(string command, double startedAtUnixMs) => command switch
    {
        "date +%s%N" => ((long)(startedAtUnixMs * 1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n",
        _ when command.Contains("uname", StringComparison.Ordinal) => $"Linux {nodeName} 6.1.0 #1 SMP x86_64 GNU/Linux\n",
        _ => "",
    };

    private static string? ReadCommand(TaskDispatch dispatch)
    {
        // Tails and HTTP GETs have other payloads and would need a timeline of their own; the simulator fails them.
        if (dispatch.Kind is not (TaskKinds.Command or TaskKinds.Script))
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(dispatch.Payload, ProtocolJsonContext.Default.CommandPayload);
            return payload is null ? null : payload.Command ?? payload.Script ?? "";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
