using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Accepts tasks from the Brain, runs each at most once, and keeps each result until the Brain acknowledges it.
/// Ordered tasks run one at a time in arrival order; parallel ones start at once. It outlives connections: on
/// every new connection the unacknowledged results are sent again. (The task-delivery issue moves the accepted
/// set and the outbox into a journal on disk so they also survive a Tentacle restart.)
/// </summary>
internal sealed partial class TaskExecutor(ProcessRunner runner, TimeProvider time, ILogger<TaskExecutor> logger) : IAsyncDisposable
{
    // Ids remembered after their result was acknowledged, to ignore a late duplicate dispatch. 100,000 ids are
    // a few MB and cover far more than any redelivery window.
    private const int RememberedIds = 100_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskResult> _outbox = new(StringComparer.Ordinal);
    private readonly Channel<TaskDispatch> _ordered = Channel.CreateUnbounded<TaskDispatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private FrameConnection? _link;
    private Task? _orderedLoop;

    public int RunningCount => _running.Count;

    public int UnacknowledgedCount => _outbox.Count;

    public void Start() => _orderedLoop = Task.Run(RunOrderedAsync);

    /// <summary>Uses <paramref name="link"/> for reports from now on and re-sends every unacknowledged result over it.</summary>
    public async Task AttachAsync(FrameConnection link, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _link, link);
        foreach (var result in _outbox.Values)
        {
            await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken);
        }
    }

    public void Detach(FrameConnection link) => Interlocked.CompareExchange(ref _link, null, link);

    public async Task AcceptAsync(TaskDispatch dispatch, CancellationToken cancellationToken)
    {
        bool duplicate;
        lock (_lock)
        {
            duplicate = !_seen.Add(dispatch.TaskId);
            if (!duplicate)
            {
                _seenOrder.Enqueue(dispatch.TaskId);
                while (_seenOrder.Count > RememberedIds && _seenOrder.TryDequeue(out var old))
                {
                    if (!_outbox.ContainsKey(old) && !_running.ContainsKey(old))
                    {
                        _seen.Remove(old);
                    }
                }
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (duplicate)
        {
            // Seen before: the Brain missed our acknowledgement or result. Repeat it; never run the task again.
            if (_outbox.TryGetValue(dispatch.TaskId, out var result))
            {
                await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken);
            }
            else
            {
                await SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = dispatch.TaskId, AcceptedAtUnixMs = now }, ProtocolJsonContext.Default.TaskAccepted, cancellationToken);
            }

            return;
        }

        _running[dispatch.TaskId] = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        await SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = dispatch.TaskId, AcceptedAtUnixMs = now }, ProtocolJsonContext.Default.TaskAccepted, cancellationToken);
        if (dispatch.Parallel)
        {
            _ = Task.Run(() => ExecuteAsync(dispatch), CancellationToken.None);
        }
        else
        {
            _ordered.Writer.TryWrite(dispatch);
        }
    }

    public void Acknowledge(string taskId) => _outbox.TryRemove(taskId, out _);

    public void Cancel(string taskId)
    {
        if (_running.TryGetValue(taskId, out var cancel))
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It finished meanwhile.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ordered.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_orderedLoop is not null)
        {
            await _orderedLoop.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        _stopping.Dispose();
    }

    private async Task RunOrderedAsync()
    {
        await foreach (var dispatch in _ordered.Reader.ReadAllAsync(CancellationToken.None))
        {
            await ExecuteAsync(dispatch);
        }
    }

    private async Task ExecuteAsync(TaskDispatch dispatch)
    {
        var cancel = _running.GetValueOrDefault(dispatch.TaskId) ?? new CancellationTokenSource();
        long? startedAt = null;
        TaskResult result;
        try
        {
            if (cancel.IsCancellationRequested)
            {
                result = Result(dispatch.TaskId, TaskState.Cancelled, null, null, "cancelled before it started");
            }
            else if (!TaskKinds.IsKnown(dispatch.Kind) || !TryReadPayload(dispatch.Payload, out var payload))
            {
                result = Result(dispatch.TaskId, TaskState.Failed, null, null, $"this Tentacle cannot run tasks of kind '{dispatch.Kind}' with this payload; upgrade it");
            }
            else
            {
                var outcome = await runner.RunAsync(dispatch.TaskId, dispatch.Kind, payload, pid =>
                {
                    startedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
                    _ = SendAsync(MessageKind.TaskStarted, new TaskStarted { TaskId = dispatch.TaskId, StartedAtUnixMs = startedAt.Value, ProcessId = pid }, ProtocolJsonContext.Default.TaskStarted, CancellationToken.None);
                }, cancel.Token);
                var state = outcome.Cancelled ? TaskState.Cancelled
                    : outcome.ExitCode == 0 && outcome.Error is null ? TaskState.Succeeded
                    : TaskState.Failed;
                result = Result(dispatch.TaskId, state, outcome.ExitCode, startedAt, outcome.Error) with
                {
                    Stdout = outcome.Stdout,
                    Stderr = outcome.Stderr,
                    OutputTruncated = outcome.Truncated,
                };
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A handler failure must end as a recorded result, never take the agent down (unlike the original).
            LogTaskCrashed(logger, dispatch.TaskId, ex);
            result = Result(dispatch.TaskId, TaskState.Failed, null, startedAt, $"the Tentacle failed running the task: {ex.Message}");
        }
        finally
        {
            _running.TryRemove(dispatch.TaskId, out _);
            cancel.Dispose();
        }

        _outbox[dispatch.TaskId] = result;
        await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, CancellationToken.None);
    }

    private TaskResult Result(string taskId, TaskState state, int? exitCode, long? startedAt, string? error) => new()
    {
        TaskId = taskId,
        State = state,
        ExitCode = exitCode,
        Error = error,
        StartedAtUnixMs = startedAt,
        FinishedAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    private static bool TryReadPayload(string json, out CommandPayload payload)
    {
        try
        {
            payload = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CommandPayload)!;
            return payload is not null;
        }
        catch (JsonException)
        {
            payload = null!;
            return false;
        }
    }

    private async Task SendAsync<T>(MessageKind kind, T message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var link = Volatile.Read(ref _link);
        if (link is null)
        {
            return;
        }

        try
        {
            await link.SendAsync(kind, message, typeInfo, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The link is down; results stay in the outbox and go out on the next connection.
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Task {TaskId} failed inside the Tentacle")]
    private static partial void LogTaskCrashed(ILogger logger, string taskId, Exception exception);
}
