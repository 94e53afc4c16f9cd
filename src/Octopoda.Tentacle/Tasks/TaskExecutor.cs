using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Transport;
using Octopoda.Tentacle.Journal;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Accepts tasks from the Brain, runs each at most once, and keeps each result until the Brain acknowledges it,
/// across connections and restarts: every accept is in the <see cref="TaskJournal"/> before <c>TaskAccepted</c>
/// goes out, every start before the process starts, every result before it is sent. Ordered tasks run one at a
/// time in dispatch order; parallel, delayed and aligned ones beside them. At start it recovers from the journal
/// (kills and reports what was running, re-runs what was accepted but not started and the file tasks that were
/// running, which resume); on every new connection it
/// re-sends unacknowledged results and the output of running tasks from offset 0.
/// </summary>
internal sealed partial class TaskExecutor : IAsyncDisposable
{
    // Prune the journal's acknowledged rows once every this many acknowledgements (and at start): a delete of the
    // rows past both dedupe windows, cheap at that rate.
    private const int PruneEveryAcks = 1024;

    // Stopping kills running processes (SIGKILL) and cancels requests; their results are journaled within
    // milliseconds. This bounds the wait should something hang.
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private readonly TaskJournal _journal;
    private readonly ProcessRunner _runner;
    private readonly HttpGetRunner _http;
    private readonly FileTasks? _files;
    private readonly NodeAppRunner? _nodeApps;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveTask> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskResult> _outbox = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ActiveTask, Task> _besideQueue = new();
    private readonly ConcurrentDictionary<Task, byte> _publishing = new();
    private readonly Channel<ActiveTask> _ordered = Channel.CreateUnbounded<ActiveTask>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private ITaskReports? _reports;
    private Task? _orderedLoop;
    private int _acknowledgements;

    public TaskExecutor(TaskJournal journal, ProcessRunner runner, TimeProvider time, ILogger<TaskExecutor> logger, FileTasks? files = null, NodeAppRunner? nodeApps = null)
    {
        _nodeApps = nodeApps;
        _journal = journal;
        _runner = runner;
        _files = files;
        _http = new HttpGetRunner(time);
        _time = time;
        _logger = logger;
    }

    /// <summary>Hands a file chunk from the Brain to the transfer it belongs to.</summary>
    public void DeliverChunk(Protocol.Files.FileChunk chunk) => _files?.Push.Deliver(chunk);

    /// <summary>Tasks accepted and not yet ended (waiting, starting or running).</summary>
    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Tasks whose process is starting or running.</summary>
    public int RunningCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Values.Count(t => t.Phase is ActivePhase.Starting or ActivePhase.Running);
            }
        }
    }

    public int UnacknowledgedCount => _outbox.Count;

    /// <summary>For <c>Hello.JournalLoss</c>: why the tasks of an earlier journal are unknown, until a Brain has heard it.</summary>
    public string? JournalLoss => _journal.Loss;

    public TaskJournal Journal => _journal;

    /// <summary>A Brain welcomed a <c>Hello</c> carrying <see cref="JournalLoss"/>: later connections need not repeat it.</summary>
    public Task JournalLossReportedAsync() => _journal.ClearLossAsync();

    /// <summary>Uses <paramref name="link"/> for reports from now on; see <see cref="AttachAsync(ITaskReports, CancellationToken)"/>.</summary>
    public Task AttachAsync(FrameConnection link, CancellationToken cancellationToken) =>
        AttachAsync(new FrameConnectionReports(link), cancellationToken);

    /// <summary>
    /// Sends reports to <paramref name="reports"/> from now on, re-sends every unacknowledged result, and each
    /// running task's start and output from offset 0 (the Brain drops what it already has).
    /// </summary>
    public async Task AttachAsync(ITaskReports reports, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _reports, reports);
        foreach (var result in _outbox.Values.OrderBy(r => r.FinishedAtUnixMs))
        {
            await SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken);
        }

        ActiveTask[] running;
        lock (_lock)
        {
            running = [.. _active.Values.Where(t => t.Phase == ActivePhase.Running)];
        }

        foreach (var task in running)
        {
            if (task.Start is { } start)
            {
                await SendAsync(MessageKind.TaskStarted, new TaskStarted { TaskId = task.Id, StartedAtUnixMs = start.StartedAtUnixMs, ProcessId = start.ProcessId }, ProtocolJsonContext.Default.TaskStarted, cancellationToken);
            }

            task.Streamer?.ResendFromStart();
        }
    }

    public void Detach(FrameConnection link)
    {
        if (Volatile.Read(ref _reports) is FrameConnectionReports current && current.Connection == link)
        {
            Interlocked.CompareExchange(ref _reports, null, current);
        }
    }

    public void Detach(ITaskReports reports) => Interlocked.CompareExchange(ref _reports, null, reports);

    /// <summary>The Brain stored the result: it leaves the outbox (and, in the journal, keeps only its id for dedupe).</summary>
    public Task AcknowledgeAsync(string taskId)
    {
        _outbox.TryRemove(taskId, out _);
        var write = ObserveAsync(_journal.AcknowledgeAsync(taskId), taskId);
        if (Interlocked.Increment(ref _acknowledgements) % PruneEveryAcks == 0)
        {
            _ = PruneAsync();
        }

        return write;
    }

    /// <summary>
    /// Stops: running processes are killed and reported lost; tasks not started, and running file tasks (which
    /// resume), stay accepted in the journal and run after the next start. Then the journal is closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _ordered.Writer.TryComplete();
        await _stopping.CancelAsync();
        var runs = _besideQueue.Values.ToList();
        if (_orderedLoop is not null)
        {
            runs.Add(_orderedLoop);
        }

        try
        {
            await Task.WhenAll(runs).WaitAsync(StopWait);
            await Task.WhenAll(_publishing.Keys).WaitAsync(StopWait);
        }
        catch (TimeoutException)
        {
            LogStopTimedOut(_logger, StopWait.TotalSeconds);
        }

        _http.Dispose();
        await _journal.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task PruneAsync()
    {
        try
        {
            var pruned = await _journal.PruneAsync(TaskClock.NowUnixMs(_time));
            lock (_lock)
            {
                foreach (var id in pruned)
                {
                    _known.Remove(id);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogJournalWriteFailed(_logger, "prune", ex);
        }
    }

    private async Task ObserveAsync(Task write, string taskId)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogJournalWriteFailed(_logger, taskId, ex);
        }
    }

    /// <summary>Sends on the current link; false when there is none or it just failed.</summary>
    private async Task<bool> SendAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var reports = Volatile.Read(ref _reports);
        if (reports is null)
        {
            return false;
        }

        try
        {
            await reports.SendAsync(kind, message, typeInfo, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The link is down; results stay in the outbox and go out on the next connection.
            return false;
        }
    }

    private TaskResult Result(string taskId, Protocol.Tasks.TaskState state, string? error, ProcessStart? start = null) => new()
    {
        TaskId = taskId,
        State = state,
        Error = error,
        StartedAtUnixMs = start?.StartedAtUnixMs,
        FinishedAtUnixMs = TaskClock.NowUnixMs(_time),
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Task {TaskId} failed inside the Tentacle")]
    private static partial void LogTaskCrashed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Task journal write failed ({What})")]
    private static partial void LogJournalWriteFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Task {TaskId} was not accepted: the journal could not record it; the Brain will dispatch it again")]
    private static partial void LogAcceptFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Task {TaskId} was running when the Tentacle stopped: {Reason}")]
    private static partial void LogRecoveredLost(ILogger logger, string taskId, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Recovered from the task journal: {Lost} lost, {Rerun} to run ({Resumed} file tasks resuming), {Unacknowledged} results to send")]
    private static partial void LogRecovered(ILogger logger, int lost, int rerun, int resumed, int unacknowledged);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Tasks still running {Seconds} s after the stop began; closing the journal anyway")]
    private static partial void LogStopTimedOut(ILogger logger, double seconds);
}
