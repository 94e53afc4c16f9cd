using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// A virtual node's memory of tasks: ids it has seen (a repeated dispatch is answered, never run again) and
/// results not yet acknowledged (sent again on every new connection). Used only from its node's receive loop,
/// so it needs no lock.
/// </summary>
internal sealed class TaskLog(string nodeName)
{
    // Ids remembered after their result was acknowledged, to ignore a late duplicate dispatch; 10,000 per node is
    // far beyond any redelivery window and costs about 1 MB per node only when that many tasks have run.
    private const int RememberedIds = 10_000;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private readonly Dictionary<string, TaskResult> _outbox = new(StringComparer.Ordinal);

    public IReadOnlyCollection<TaskResult> Unacknowledged => _outbox.Values;

    /// <summary>True for a task id not seen before (and remembers it).</summary>
    public bool TryBegin(string taskId)
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

    public TaskResult? Pending(string taskId) => _outbox.GetValueOrDefault(taskId);

    /// <summary>"Runs" the task at once and keeps its result until acknowledged.</summary>
    public TaskResult Complete(TaskDispatch dispatch, long startedAtUnixMs, long finishedAtUnixMs)
    {
        var command = ReadCommand(dispatch);
        var result = command is null
            ? new TaskResult
            {
                TaskId = dispatch.TaskId,
                State = TaskState.Failed,
                Error = $"this Tentacle cannot run tasks of kind '{dispatch.Kind}' with this payload; upgrade it",
                FinishedAtUnixMs = finishedAtUnixMs,
            }
            : new TaskResult
            {
                TaskId = dispatch.TaskId,
                State = TaskState.Succeeded,
                ExitCode = 0,
                Stdout = command.Contains("uname", StringComparison.Ordinal) ? $"Linux {nodeName} 6.1.0 #1 SMP x86_64 GNU/Linux\n" : "",
                StartedAtUnixMs = startedAtUnixMs,
                FinishedAtUnixMs = finishedAtUnixMs,
            };
        _outbox[dispatch.TaskId] = result;
        return result;
    }

    /// <summary>Drops an acknowledged result; returns whether one was pending.</summary>
    public bool Acknowledge(string taskId) => _outbox.Remove(taskId);

    private static string? ReadCommand(TaskDispatch dispatch)
    {
        if (!TaskKinds.IsKnown(dispatch.Kind))
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
