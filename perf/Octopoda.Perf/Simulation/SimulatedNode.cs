using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// One virtual Tentacle: the real link protocol over its own mutual-TLS WebSocket and <see cref="FrameConnection"/>
/// (dial, Hello, Welcome, heartbeats, frames until the link fails, then back off and dial again), with tasks that
/// finish the moment they start: at once, or at the delayed or aligned instant the dispatch asks for
/// (<see cref="DispatchTiming"/>). Everything is asynchronous: a node costs no thread while it waits.
/// </summary>
internal sealed class SimulatedNode(
    string name,
    NodeCredentials credentials,
    Uri agentEndpoint,
    PinnedCa ca,
    SemaphoreSlim dialGate,
    SimulatorStats stats)
{
    // Connect, TLS, upgrade, Hello and Welcome together. Generous: at start-up a thousand nodes queue behind the
    // dial gate and the Brain's two cores, and a node that gives up only dials again later.
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly long StartedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private readonly TaskLog _tasks = new(name);

    // Tasks accepted and waiting for their delayed or aligned start; removing the entry is what decides between
    // the start and a cancel that races it.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _waiting = new(StringComparer.Ordinal);
    private FrameConnection? _link;
    private CancellationToken _stopping;
    private long _lastHeard;
    private double _delayMs = double.NaN;
    private double _offsetMs = double.NaN;
    private int _nextPid = 1000;
    private Task? _goodbye;

    public string Name => name;

    /// <summary>Dials and serves until <paramref name="stopping"/>; never throws for a failed link.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        var backoff = new ReconnectBackoff();
        while (!stopping.IsCancellationRequested)
        {
            string reason;
            try
            {
                reason = await ConnectOnceAsync(backoff, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or AuthenticationException or ObjectDisposedException)
            {
                reason = ex.InnerException?.Message ?? ex.Message;
            }

            if (stopping.IsCancellationRequested)
            {
                break;
            }

            stats.OnFailure(name, reason);
            try
            {
                await Task.Delay(backoff.Next(), stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<string> ConnectOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        var (connection, welcome, failure) = await DialAsync(stopping);
        if (connection is null)
        {
            return failure ?? "dial failed";
        }

        await using (connection)
        {
            return await ServeAsync(connection, welcome!, backoff, stopping);
        }
    }

    /// <summary>Connects and exchanges Hello/Welcome, at most <c>dialGate</c>'s count at a time across all nodes.</summary>
    private async Task<(FrameConnection? Connection, Welcome? Welcome, string? Failure)> DialAsync(CancellationToken stopping)
    {
        await dialGate.WaitAsync(stopping);
        FrameConnection? connection = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(HandshakeTimeout);
            var socket = new ClientWebSocket();
            socket.Options.ClientCertificates.Add(credentials.Certificate);
            socket.Options.RemoteCertificateValidationCallback = ca.Validate;
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            try
            {
                await socket.ConnectAsync(agentEndpoint, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            connection = new FrameConnection(socket);
            await connection.SendAsync(MessageKind.Hello, new Hello
            {
                ProtocolVersion = ProtocolInfo.Version,
                NodeName = name,
                AgentVersion = "0.1.0-sim",
                Platform = "linux-x64",
                StartedAtUnixMs = StartedAtUnixMs,
            }, ProtocolJsonContext.Default.Hello, cancellationToken: timeout.Token);

            var first = await connection.ReceiveAsync(timeout.Token);
            if (!first.HasFrame)
            {
                return (null, null, first.Closed ? $"closed before welcome: {first.CloseReason}" : $"bad frame before welcome: {first.Error}");
            }

            if (first.Frame.Kind == MessageKind.Goodbye && FrameCodec.TryReadPayload(first.Frame, ProtocolJsonContext.Default.Goodbye, out var refused))
            {
                return (null, null, $"the Brain refused the connection: {refused.Reason}");
            }

            if (first.Frame.Kind != MessageKind.Welcome || !FrameCodec.TryReadPayload(first.Frame, ProtocolJsonContext.Default.Welcome, out var welcome))
            {
                return (null, null, $"expected a welcome, got {first.Frame.Kind}");
            }

            var established = connection;
            connection = null;
            return (established, welcome, null);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (null, null, $"no welcome within {HandshakeTimeout.TotalSeconds:0} s");
        }
        finally
        {
            dialGate.Release();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<string> ServeAsync(FrameConnection connection, Welcome welcome, ReconnectBackoff backoff, CancellationToken stopping)
    {
        backoff.Reset();
        stats.OnConnected();
        Volatile.Write(ref _link, connection);
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(welcome.HeartbeatIntervalMs, 100, 60_000));

        // The receive loop is deliberately not cancelled by stopping: cancelling a pending WebSocket receive aborts
        // the socket, and the Brain would never see our Goodbye. Stopping instead says goodbye and closes, and
        // the loop ends when the Brain's close frame arrives.
        using var session = new CancellationTokenSource();
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(session.Token, stopping);
        Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
        var heartbeats = HeartbeatAsync(connection, interval, beating.Token);
        var onStop = stopping.Register(() => Volatile.Write(ref _goodbye, SayGoodbyeAsync(connection, session.Token)));
        try
        {
            // Results the Brain never acknowledged go out again first, as a Tentacle's outbox does.
            foreach (var result in _tasks.Unacknowledged())
            {
                await connection.SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken: session.Token);
            }

            while (true)
            {
                var outcome = await connection.ReceiveAsync(session.Token);
                if (outcome.Closed)
                {
                    return $"the Brain closed the connection: {outcome.CloseReason}";
                }

                if (!outcome.HasFrame)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, $"malformed frame: {outcome.Error}", DrainTimeout);
                    return $"malformed frame from the Brain: {outcome.Error}";
                }

                Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
                if (await HandleAsync(connection, outcome.Frame, session.Token) is { } reason)
                {
                    return reason;
                }
            }
        }
        catch (WebSocketException) when (stopping.IsCancellationRequested)
        {
            // A send raced the goodbye's close: we are stopping anyway.
            return "stopping";
        }
        finally
        {
            // Disposing the registration waits for a running callback, so _goodbye is set if stopping fired.
            await onStop.DisposeAsync();
            Interlocked.CompareExchange(ref _link, null, connection);
            stats.OnDisconnected();
            await session.CancelAsync();
            await heartbeats;
            if (Interlocked.Exchange(ref _goodbye, null) is { } goodbye)
            {
                await goodbye;
            }
        }
    }

    /// <summary>Tells the Brain we are leaving and closes; drops the socket if the Brain does not close in time.</summary>
    private static async Task SayGoodbyeAsync(FrameConnection connection, CancellationToken closed)
    {
        try
        {
            try
            {
                await connection.SendAsync(MessageKind.Goodbye, new Goodbye { Reason = "simulator stopping" }, ProtocolJsonContext.Default.Goodbye, cancellationToken: CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already closing.
            }

            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "simulator stopping", DrainTimeout);
            await Task.Delay(DrainTimeout, closed);
            connection.Abort();
        }
        catch (OperationCanceledException)
        {
            // The Brain answered the close and the receive loop ended.
        }
    }

    /// <summary>Handles one frame from the Brain; returns a reason to end the connection, or null.</summary>
    private async Task<string?> HandleAsync(FrameConnection connection, Frame frame, CancellationToken cancellationToken)
    {
        var json = ProtocolJsonContext.Default;
        switch (frame.Kind)
        {
            case MessageKind.HeartbeatAck when FrameCodec.TryReadPayload(frame, json.HeartbeatAck, out var ack):
                OnHeartbeatAck(ack);
                return null;
            case MessageKind.StatusRequest:
                await connection.SendAsync(MessageKind.StatusReport, new StatusReport { Status = SimulatedStatus.Sample(name) }, json.StatusReport, frame.Header.Id, cancellationToken);
                stats.OnStatusReport();
                return null;
            case MessageKind.TaskDispatch when FrameCodec.TryReadPayload(frame, json.TaskDispatch, out var dispatch):
                await OnDispatchAsync(connection, dispatch, cancellationToken);
                return null;
            case MessageKind.TaskResultAck when FrameCodec.TryReadPayload(frame, json.TaskResultAck, out var resultAck):
                _tasks.Acknowledge(resultAck.TaskId);
                return null;
            case MessageKind.TaskCancel when FrameCodec.TryReadPayload(frame, json.TaskCancel, out var cancel):
                await OnCancelAsync(connection, cancel, cancellationToken);
                return null;
            case MessageKind.Goodbye when FrameCodec.TryReadPayload(frame, json.Goodbye, out var goodbye):
                return $"the Brain said goodbye: {goodbye.Reason}";
            default:
                await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, $"unexpected {frame.Kind}", DrainTimeout);
                return $"unexpected or malformed {frame.Kind} from the Brain";
        }
    }

    private async Task OnDispatchAsync(FrameConnection connection, TaskDispatch dispatch, CancellationToken cancellationToken)
    {
        var json = ProtocolJsonContext.Default;
        var now = NowUnixMs();
        if (!_tasks.TryBegin(dispatch.TaskId))
        {
            // Seen before: the Brain missed our acknowledgement or result. Repeat it; never run the task twice.
            stats.OnDuplicate();
            if (_tasks.Pending(dispatch.TaskId) is { } pending)
            {
                await connection.SendAsync(MessageKind.TaskResult, pending, json.TaskResult, cancellationToken: cancellationToken);
            }
            else
            {
                await connection.SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = dispatch.TaskId, AcceptedAtUnixMs = (long)now }, json.TaskAccepted, cancellationToken: cancellationToken);
            }

            return;
        }

        var timing = DispatchTiming.Plan(dispatch, now);
        if (timing.RefusedAs is { } refused)
        {
            var refusal = _tasks.End(dispatch.TaskId, refused, timing.Reason!, (long)now);
            await connection.SendAsync(MessageKind.TaskResult, refusal, json.TaskResult, cancellationToken: cancellationToken);
            return;
        }

        await connection.SendAsync(MessageKind.TaskAccepted, new TaskAccepted { TaskId = dispatch.TaskId, AcceptedAtUnixMs = (long)now }, json.TaskAccepted, cancellationToken: cancellationToken);
        if (timing.Immediate)
        {
            await RunNowAsync(connection, dispatch, cancellationToken);
            return;
        }

        // Not linked to stopping and never disposed: it has no timer and no registration to release, and a wait
        // that outlives the simulator ends with the process.
        var wait = new CancellationTokenSource();
        _waiting[dispatch.TaskId] = wait;
        _ = StartLaterAsync(dispatch, timing.StartAtUnixMs!.Value, wait);
    }

    private async Task RunNowAsync(FrameConnection connection, TaskDispatch dispatch, CancellationToken cancellationToken)
    {
        var json = ProtocolJsonContext.Default;
        var started = NowUnixMs();
        await connection.SendAsync(MessageKind.TaskStarted, new TaskStarted { TaskId = dispatch.TaskId, StartedAtUnixMs = started, ProcessId = Interlocked.Increment(ref _nextPid) }, json.TaskStarted, cancellationToken: cancellationToken);
        var result = _tasks.Complete(dispatch, started, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await connection.SendAsync(MessageKind.TaskResult, result, json.TaskResult, cancellationToken: cancellationToken);
        stats.OnTask();
    }

    /// <summary>
    /// Waits for the task's start instant, then "runs" it and reports on whatever link is up then (or none: the
    /// result stays in the outbox and goes out on the next connection).
    /// </summary>
    private async Task StartLaterAsync(TaskDispatch dispatch, double startAtUnixMs, CancellationTokenSource wait)
    {
        try
        {
            // Task.Delay fires on a timer tick (about 1 ms on Linux) after the due time; spin the last stretch on
            // the clock so an aligned start lands within a fraction of a millisecond of its instant.
            var remaining = startAtUnixMs - NowUnixMs();
            if (remaining > 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(remaining - 2), wait.Token);
            }

            while (NowUnixMs() < startAtUnixMs)
            {
                await Task.Yield();
                wait.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!_waiting.TryRemove(dispatch.TaskId, out _))
        {
            return;
        }

        var json = ProtocolJsonContext.Default;
        var started = NowUnixMs();
        await SendIfLinkedAsync(MessageKind.TaskStarted, new TaskStarted { TaskId = dispatch.TaskId, StartedAtUnixMs = started, ProcessId = Interlocked.Increment(ref _nextPid) }, json.TaskStarted);
        var result = _tasks.Complete(dispatch, started, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await SendIfLinkedAsync(MessageKind.TaskResult, result, json.TaskResult);
        stats.OnTask();
    }

    /// <summary>
    /// A task still waiting for its start ends cancelled; an id never seen is remembered as cancelled so a dispatch
    /// still in flight never runs; a finished task is past cancelling (its result stands).
    /// </summary>
    private async Task OnCancelAsync(FrameConnection connection, TaskCancel cancel, CancellationToken cancellationToken)
    {
        if (_waiting.TryRemove(cancel.TaskId, out var wait))
        {
            await wait.CancelAsync();
        }
        else if (!_tasks.TryBegin(cancel.TaskId))
        {
            return;
        }

        var result = _tasks.End(cancel.TaskId, TaskState.Cancelled, cancel.Reason, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await connection.SendAsync(MessageKind.TaskResult, result, ProtocolJsonContext.Default.TaskResult, cancellationToken: cancellationToken);
    }

    private async Task SendIfLinkedAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> type)
    {
        if (Volatile.Read(ref _link) is not { } link)
        {
            return;
        }

        try
        {
            await link.SendAsync(kind, message, type, cancellationToken: _stopping);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The link went down meanwhile; the outbox re-sends the result on the next one.
        }
    }

    /// <summary>The node's clock in Unix ms, with the fraction protocol v2 carries for start times.</summary>
    private static double NowUnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    /// <summary>NTP-style estimate from t1 (our send), t2 and t3 (the Brain's receive and send) and t4 (now).</summary>
    private void OnHeartbeatAck(HeartbeatAck ack)
    {
        double t1 = ack.EchoSentAtUnixMs, t2 = ack.ReceivedAtUnixMs, t3 = ack.SentAtUnixMs, t4 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Volatile.Write(ref _delayMs, Math.Max(0, ((t4 - t1) - (t3 - t2)) / 2));
        Volatile.Write(ref _offsetMs, ((t2 - t1) + (t3 - t4)) / 2);
    }

    private async Task HeartbeatAsync(FrameConnection connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Ten silent intervals (10 s at the default 1 s) and the link is presumed half-open, as on a Tentacle.
        var silenceLimit = interval * 10;
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHeard)) > silenceLimit)
                {
                    connection.Abort();
                    return;
                }

                double delay = Volatile.Read(ref _delayMs), offset = Volatile.Read(ref _offsetMs);
                await connection.SendAsync(MessageKind.Heartbeat, new Heartbeat
                {
                    SentAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    DelayMs = double.IsNaN(delay) ? null : delay,
                    ClockOffsetMs = double.IsNaN(offset) ? null : offset,
                }, ProtocolJsonContext.Default.Heartbeat, cancellationToken: cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection ended; the receive loop reports why.
        }
    }
}
