using System.Net.WebSockets;
using Octopoda.Protocol;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Transport;
using Octopoda.Tentacle.Enrollment;
using Octopoda.Tentacle.Files;
using Octopoda.Tentacle.Status;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Link;

/// <summary>
/// The Tentacle's connection loop (Nomad-style): enrol if needed, dial a Brain, say hello, then heartbeat and serve
/// frames until the link fails; back off with jitter and try the next Brain address; forever, until stopped. Each
/// connection also serves the node's outgoing file streams (<c>file.pull</c>) to the Brain's chunk requests.
/// </summary>
internal sealed partial class BrainLink(
    TentacleOptions options,
    TaskExecutor executor,
    OutgoingStreams outgoing,
    StatusSampler sampler,
    TimeProvider time,
    ILogger<BrainLink> logger)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(10);

    // Identifies this agent instance to the Brain (for display and diagnostics). A restart alone loses no task:
    // the journal carries them over; only Hello.JournalLoss tells the Brain that a node's tasks are unknown.
    private readonly long _startedAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private readonly ClockEstimator _clock = new();
    private volatile LinkState _state = LinkState.Starting;

    private int _attempts;

    public LinkState State => _state;

    /// <summary>Connection (or enrolment) attempts since start, successful or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public ClockEstimator Clock => _clock;

    /// <summary>The Brain this Tentacle is connected to, while connected.</summary>
    public Uri? ConnectedBrain { get; private set; }

    /// <summary>Raised (on a pool thread) each time a connection is established.</summary>
    public event Action? Connected;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = Backoff.Default();
        var next = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var brain = new Uri(options.Brains[next % options.Brains.Count]);
            next++;
            Interlocked.Increment(ref _attempts);
            string? failure;
            try
            {
                failure = await ConnectOnceAsync(brain, backoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or System.Security.Authentication.AuthenticationException)
            {
                failure = ex.InnerException?.Message ?? ex.Message;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var delay = backoff.Next();
            _state = LinkState.Backoff;
            LogRetry(logger, brain.ToString(), failure ?? "connection closed", delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _state = LinkState.Stopped;
    }

    /// <summary>One connection attempt and, if it works, its whole life. Returns why it ended.</summary>
    private async Task<string?> ConnectOnceAsync(Uri brain, Backoff backoff, CancellationToken stoppingToken)
    {
        var identity = NodeIdentity.TryLoad(options.DataDirectory);
        if (identity is null)
        {
            _state = LinkState.Enrolling;
            var refusal = await new Enroller(options).EnrollAsync(brain, stoppingToken);
            if (refusal is not null)
            {
                return $"enrolment failed: {refusal}";
            }

            LogEnrolled(logger, options.Name, brain.ToString());
            identity = NodeIdentity.TryLoad(options.DataDirectory) ?? throw new InvalidOperationException("The identity just saved cannot be read back.");
        }

        using (identity)
        {
            _state = LinkState.Connecting;
            var socket = new ClientWebSocket();
            socket.Options.ClientCertificates.Add(identity.Certificate);
            socket.Options.RemoteCertificateValidationCallback = BrainTrust.PinnedTo(identity.CaCertificate);
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(new Uri(brain, ProtocolInfo.AgentPath.TrimStart('/')).ToWebSocketUri(), connectTimeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    socket.Dispose();
                    return $"no answer within {ConnectTimeout.TotalSeconds:0} s";
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            await using var connection = new FrameConnection(socket);
            return await ServeAsync(connection, brain, backoff, stoppingToken);
        }
    }

    private async Task<string?> ServeAsync(FrameConnection connection, Uri brain, Backoff backoff, CancellationToken stoppingToken)
    {
        // Repeated in every Hello until a Brain has welcomed one carrying it (the journal keeps it across restarts).
        var journalLoss = executor.JournalLoss;
        await connection.SendAsync(MessageKind.Hello, new Hello
        {
            ProtocolVersion = ProtocolInfo.Version,
            NodeName = options.Name,
            AgentVersion = TentacleVersion.Current,
            Platform = Status.PlatformName.Current,
            StartedAtUnixMs = _startedAtUnixMs,
            JournalLoss = journalLoss,
        }, ProtocolJsonContext.Default.Hello, cancellationToken: stoppingToken);

        using var welcomeTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        welcomeTimeout.CancelAfter(WelcomeTimeout);
        var first = await connection.ReceiveAsync(welcomeTimeout.Token);
        if (!first.HasFrame)
        {
            return first.Closed ? $"closed before welcome: {first.CloseReason}" : $"bad frame before welcome: {first.Error}";
        }

        if (first.Frame.Kind == MessageKind.Goodbye && FrameCodec.TryReadPayload(first.Frame, ProtocolJsonContext.Default.Goodbye, out var refused))
        {
            return $"the Brain refused the connection: {refused.Reason}";
        }

        if (first.Frame.Kind != MessageKind.Welcome || !FrameCodec.TryReadPayload(first.Frame, ProtocolJsonContext.Default.Welcome, out var welcome))
        {
            return $"expected a welcome, got {first.Frame.Kind}";
        }

        if (journalLoss is not null)
        {
            // Durable before any task of this connection is accepted (the journal's writes are applied in order).
            _ = executor.JournalLossReportedAsync();
        }

        _clock.Reset();
        backoff.Reset();
        ConnectedBrain = brain;
        _state = LinkState.Connected;
        LogConnected(logger, brain.ToString(), welcome.BrainName);

        // Receives are not cancelled by stopping (cancelling a WebSocket receive aborts the socket); stopping
        // sends a goodbye and our close instead, and the receive loop ends when the Brain answers the close.
        using var receiving = new CancellationTokenSource();
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(welcome.HeartbeatIntervalMs, 100, 60_000));
        var lastHeard = time.GetTimestamp();
        var heartbeats = HeartbeatAsync(connection, interval, () => lastHeard, beating.Token);
        await using var onStop = stoppingToken.Register(() => _ = SayGoodbyeAsync(connection, receiving));
        await executor.AttachAsync(connection, stoppingToken);
        Connected?.Invoke();
        // Pulled streams are served for as long as this connection lives, one request at a time.
        var chunks = new ChunkSender(connection, outgoing.OpenAsync) { ReadFailed = (id, ex) => LogStreamReadFailed(logger, id, ex) };
        var serving = ServeChunksAsync(chunks, beating.Token);
        try
        {
            while (true)
            {
                var outcome = await connection.ReceiveAsync(receiving.Token);
                if (outcome.Closed)
                {
                    return stoppingToken.IsCancellationRequested ? "stopping" : $"the Brain closed the connection: {outcome.CloseReason}";
                }

                if (!outcome.HasFrame)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, $"malformed frame: {outcome.Error}", TimeSpan.FromSeconds(1));
                    return $"malformed frame from the Brain: {outcome.Error}";
                }

                lastHeard = time.GetTimestamp();
                var reason = await HandleAsync(connection, chunks, outcome.Frame, beating.Token);
                if (reason is not null)
                {
                    return reason;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return "stopping";
        }
        finally
        {
            executor.Detach(connection);
            ConnectedBrain = null;
            await beating.CancelAsync();
            await heartbeats;
            await serving;
        }
    }

    /// <summary>Runs the connection's chunk sender until the connection ends.</summary>
    private static async Task ServeChunksAsync(ChunkSender chunks, CancellationToken cancellationToken)
    {
        try
        {
            await chunks.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection ended; the Brain asks again on the next one, from what it has.
        }
    }

    private static async Task SayGoodbyeAsync(FrameConnection connection, CancellationTokenSource receiving)
    {
        var goodbye = FrameCodec.Encode(MessageKind.Goodbye, connection.NextId(), 0, new Goodbye { Reason = "tentacle stopping" }, ProtocolJsonContext.Default.Goodbye);
        await connection.CloseOutputAsync(goodbye, WebSocketCloseStatus.NormalClosure, "tentacle stopping", TimeSpan.FromSeconds(2));
        try
        {
            // If the Brain does not answer our close, stop waiting for it.
            receiving.CancelAfter(TimeSpan.FromSeconds(3));
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    /// <summary>Handles one frame from the Brain; returns a reason to end the connection, or null.</summary>
    private async Task<string?> HandleAsync(FrameConnection connection, ChunkSender chunks, Frame frame, CancellationToken cancellationToken)
    {
        var json = ProtocolJsonContext.Default;
        switch (frame.Kind)
        {
            case MessageKind.HeartbeatAck when FrameCodec.TryReadPayload(frame, json.HeartbeatAck, out var ack):
                _clock.Add(ack.EchoSentAtUnixMs, ack.ReceivedAtUnixMs, ack.SentAtUnixMs, time.GetUtcNow().ToUnixTimeMilliseconds());
                return null;
            case MessageKind.StatusRequest:
                await connection.SendAsync(MessageKind.StatusReport, new StatusReport { Status = sampler.GetCurrent() }, json.StatusReport, frame.Header.Id, cancellationToken);
                return null;
            case MessageKind.TaskDispatch when FrameCodec.TryReadPayload(frame, json.TaskDispatch, out var dispatch):
                // Not awaited: the next dispatch is read while this one's journal write is in flight, so a burst
                // of dispatches shares one fsync. The executor keeps dispatch order and reports its own failures.
                _ = executor.AcceptAsync(dispatch, cancellationToken);
                return null;
            case MessageKind.TaskResultAck when FrameCodec.TryReadPayload(frame, json.TaskResultAck, out var resultAck):
                _ = executor.AcknowledgeAsync(resultAck.TaskId);
                return null;
            case MessageKind.TaskCancel when FrameCodec.TryReadPayload(frame, json.TaskCancel, out var cancel):
                _ = executor.CancelAsync(cancel.TaskId, cancel.Reason);
                return null;
            case MessageKind.FileChunk when (frame.Header.Flags & FrameFlags.Binary) != 0:
                // A chunk that fails its check is dropped: the transfer notices the gap and asks again.
                if (FileChunk.TryDecode(frame.Payload.ToArray(), out var fileChunk, out _))
                {
                    executor.DeliverChunk(fileChunk);
                }

                return null;
            case MessageKind.FileChunkRequest when FrameCodec.TryReadPayload(frame, json.FileChunkRequest, out var wanted):
                // Dropped when the Brain asks faster than it is served: it asks again after a silence.
                chunks.TryEnqueue(wanted);
                return null;
            case MessageKind.FileTransferDone when FrameCodec.TryReadPayload(frame, json.FileTransferDone, out var done):
                outgoing.Release(done.TransferId);
                return null;
            case MessageKind.Goodbye when FrameCodec.TryReadPayload(frame, json.Goodbye, out var goodbye):
                return $"the Brain said goodbye: {goodbye.Reason}";
            default:
                await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, $"unexpected {frame.Kind}", TimeSpan.FromSeconds(1));
                return $"unexpected or malformed {frame.Kind} from the Brain";
        }
    }

    private async Task HeartbeatAsync(FrameConnection connection, TimeSpan interval, Func<long> lastHeard, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var silenceLimit = SilenceLimit(interval);
        try
        {
            do
            {
                if (time.GetElapsedTime(lastHeard()) > silenceLimit)
                {
                    // A half-open link: nothing arrives, nothing fails. Drop it and dial again.
                    connection.Abort();
                    return;
                }

                await connection.SendAsync(MessageKind.Heartbeat, new Heartbeat
                {
                    SentAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
                    DelayMs = _clock.DelayMs,
                    ClockOffsetMs = _clock.OffsetMs,
                }, ProtocolJsonContext.Default.Heartbeat, cancellationToken: cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection ended; the receive loop reports why.
        }
    }

    // Ten intervals of silence (10 s at the default 1 s) before the link is presumed dead: the Brain's own offline threshold.
    private static TimeSpan SilenceLimit(TimeSpan interval) => interval * 10;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Connected to {Brain} ({BrainName})")]
    private static partial void LogConnected(ILogger logger, string brain, string brainName);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Link to {Brain}: {Reason}; retrying in {Seconds:0.0} s")]
    private static partial void LogRetry(ILogger logger, string brain, string reason, double seconds);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Enrolled as {NodeName} with {Brain}")]
    private static partial void LogEnrolled(ILogger logger, string nodeName, string brain);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Outgoing file stream of transfer {TransferId} could not be read")]
    private static partial void LogStreamReadFailed(ILogger logger, string transferId, Exception exception);
}
