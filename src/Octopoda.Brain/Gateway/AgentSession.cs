using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Store;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Gateway;

/// <summary>
/// One Tentacle's connection, from <c>Hello</c> to close. It owns its <see cref="FrameConnection"/> and disposes
/// it; it registers itself with the node (replacing an older connection: newest wins), answers heartbeats,
/// feeds reported task changes to the <see cref="TaskUpdateWriter"/>, and runs the node's dispatcher. Any
/// framing or protocol error closes this connection only.
/// </summary>
internal sealed partial class AgentSession(
    FrameConnection connection,
    string nodeName,
    string thumbprint,
    string remoteAddress,
    NodeRegistry nodes,
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskUpdateWriter writer,
    LiveOutput output,
    Files.FileSpool spool,
    Files.PullReceiver pulls,
    BrainIdentity brain,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<long, TaskCompletionSource<StatusReport>> _statusRequests = new();
    private readonly CancellationTokenSource _stop = new();
    private NodeDispatcher? _dispatcher;
    private Files.FileChunkServer? _files;
    private string _closeReason = "connection ended";
    private double _clockOffsetMs;

    public string NodeName => nodeName;

    public NodeDispatcher Dispatcher => _dispatcher ?? throw new InvalidOperationException("The session is not registered yet.");

    /// <summary>The refusal reason when the certificate was revoked after the gateway let this connection in.</summary>
    private async Task<string?> RevokedSinceCheckAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revoked = await db.RevokedCertificates.AsNoTracking().FirstOrDefaultAsync(r => r.Thumbprint == thumbprint, cancellationToken);
        return revoked is null ? null : NodeRevocation.RefusalReason(revoked);
    }

    /// <summary>Runs the session until the connection ends, <paramref name="cancellationToken"/> fires, or <see cref="Close"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        LiveNode? live = null;
        Task? dispatching = null;
        try
        {
            var hello = await ReceiveHelloAsync(token);
            if (hello is null)
            {
                return;
            }

            live = nodes.GetOrAdd(nodeName);
            _dispatcher = new NodeDispatcher(nodeName, connection, dbFactory, writer, output, () => Volatile.Read(ref _clockOffsetMs), time, logger);
            var (previous, _) = live.Attach(this, remoteAddress, hello.AgentVersion, hello.Platform, hello.StartedAtUnixMs, time.GetUtcNow());
            previous?.Close("replaced by a newer connection from the same node");
            if (await RevokedSinceCheckAsync(token) is { } revoked)
            {
                // A revoke saved between the gateway's check and this attach found no session to close: close it now.
                _closeReason = revoked;
                return;
            }

            await RecordConnectAsync(hello, token);
            if (hello.JournalLoss is { } loss)
            {
                await EndOrphanedTasksAsync(Bound(loss, 1024), token);
            }

            await connection.SendAsync(MessageKind.Welcome, new Welcome
            {
                ProtocolVersion = Math.Min(hello.ProtocolVersion, ProtocolInfo.Version),
                BrainName = brain.Name,
                BrainVersion = brain.Version,
                BrainTimeUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
                HeartbeatIntervalMs = (int)nodes.Liveness.HeartbeatInterval.TotalMilliseconds,
            }, ProtocolJsonContext.Default.Welcome, cancellationToken: token);
            LogConnected(logger, nodeName, remoteAddress, hello.AgentVersion);

            _files = new Files.FileChunkServer(nodeName, connection, spool, dbFactory, logger);
            var serving = _files.RunAsync(token);
            dispatching = Task.WhenAll(_dispatcher.RunAsync(token), serving);
            await ReadLoopAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed by us, replaced, or the Brain is stopping.
        }
        catch (WebSocketException ex)
        {
            _closeReason = ex.Message;
        }
        finally
        {
            await _stop.CancelAsync();
            if (dispatching is not null)
            {
                await dispatching.ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            foreach (var pending in _statusRequests.Values)
            {
                pending.TrySetCanceled(CancellationToken.None);
            }

            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, _closeReason, DrainTimeout);
            await connection.DisposeAsync();
            if (live is not null && live.Detach(this, time.GetUtcNow()))
            {
                await RecordDisconnectAsync();
            }

            LogDisconnected(logger, nodeName, _closeReason);
        }
    }

    /// <summary>
    /// Ends the session from any thread: a goodbye saying why, then our WebSocket close; the read loop ends when the
    /// Tentacle answers (or after 3 s). Cancelling the receive instead would abort the socket without a reason.
    /// </summary>
    public void Close(string reason)
    {
        _closeReason = reason;
        _ = SendGoodbyeThenStopAsync(reason);
    }

    /// <summary>Tells the node to cancel a task; false when the link is down (the dispatcher repeats it on reconnect).</summary>
    public Task<bool> SendCancelAsync(string taskId, CancellationToken cancellationToken) =>
        TrySendAsync(MessageKind.TaskCancel, new TaskCancel { TaskId = taskId }, ProtocolJsonContext.Default.TaskCancel, cancellationToken);

    /// <summary>Sends a message to the node; false when the link is down.</summary>
    public async Task<bool> TrySendAsync<T>(MessageKind kind, T message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendAsync(kind, message, typeInfo, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Asks the node for a resource sample; null when it does not answer in time.</summary>
    public async Task<StatusReport?> RequestStatusAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<StatusReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = connection.NextId();
        _statusRequests[id] = pending;
        try
        {
            var frame = FrameCodec.Encode(MessageKind.StatusRequest, id, 0, new StatusRequest(), ProtocolJsonContext.Default.StatusRequest);
            await connection.SendRawAsync(frame, cancellationToken);
            return await pending.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or TaskCanceledException)
        {
            return null;
        }
        finally
        {
            _statusRequests.TryRemove(id, out _);
        }
    }

    private async Task SendGoodbyeThenStopAsync(string reason)
    {
        var goodbye = FrameCodec.Encode(MessageKind.Goodbye, connection.NextId(), 0, new Goodbye { Reason = reason }, ProtocolJsonContext.Default.Goodbye);
        await connection.CloseOutputAsync(goodbye, WebSocketCloseStatus.NormalClosure, reason, DrainTimeout);
        try
        {
            _stop.CancelAfter(TimeSpan.FromSeconds(3));
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }

    private async Task<Hello?> ReceiveHelloAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelloTimeout);
        ReceiveOutcome outcome;
        try
        {
            outcome = await connection.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await RejectAsync(WebSocketCloseStatus.PolicyViolation, $"no hello within {HelloTimeout.TotalSeconds:0} s");
            return null;
        }

        if (!outcome.HasFrame)
        {
            await RejectAsync(CloseStatusFor(outcome.Error), outcome.Closed ? "closed before hello" : $"bad first frame: {outcome.Error}");
            return null;
        }

        if (outcome.Frame.Kind != MessageKind.Hello || !FrameCodec.TryReadPayload(outcome.Frame, ProtocolJsonContext.Default.Hello, out var hello))
        {
            await RejectAsync(WebSocketCloseStatus.ProtocolError, $"the first frame must be a hello, got {outcome.Frame.Kind}");
            return null;
        }

        if (hello.ProtocolVersion < ProtocolInfo.MinimumVersion)
        {
            await RejectAsync(WebSocketCloseStatus.PolicyViolation, $"protocol {hello.ProtocolVersion} is too old; this Brain needs {ProtocolInfo.MinimumVersion} or newer: upgrade the Tentacle");
            return null;
        }

        if (!string.Equals(hello.NodeName, nodeName, StringComparison.Ordinal))
        {
            await RejectAsync(WebSocketCloseStatus.PolicyViolation, $"hello names '{hello.NodeName}' but the certificate is for '{nodeName}'");
            return null;
        }

        return hello;
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var outcome = await connection.ReceiveAsync(cancellationToken);
            if (outcome.Closed)
            {
                if (!_stop.IsCancellationRequested && _closeReason == "connection ended")
                {
                    _closeReason = outcome.CloseReason ?? "closed by the node";
                }

                return;
            }

            if (!outcome.HasFrame)
            {
                await RejectAsync(CloseStatusFor(outcome.Error), $"malformed frame: {outcome.Error}");
                return;
            }

            if (!await HandleAsync(outcome.Frame, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Handles one frame; false closes the connection.</summary>
    private async Task<bool> HandleAsync(Frame frame, CancellationToken cancellationToken)
    {
        var json = ProtocolJsonContext.Default;
        var now = time.GetUtcNow();
        switch (frame.Kind)
        {
            case MessageKind.Heartbeat when FrameCodec.TryReadPayload(frame, json.Heartbeat, out var beat):
                Volatile.Write(ref _clockOffsetMs, beat.ClockOffsetMs ?? _clockOffsetMs);
                nodes.Find(nodeName)?.Beat(now, beat.DelayMs, beat.ClockOffsetMs);
                await connection.SendAsync(MessageKind.HeartbeatAck, new HeartbeatAck
                {
                    EchoSentAtUnixMs = beat.SentAtUnixMs,
                    ReceivedAtUnixMs = now.ToUnixTimeMilliseconds(),
                    SentAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
                }, json.HeartbeatAck, frame.Header.Id, cancellationToken);
                return true;
            case MessageKind.StatusReport when FrameCodec.TryReadPayload(frame, json.StatusReport, out var report):
                if (_statusRequests.TryRemove(frame.Header.Correlation, out var pending))
                {
                    pending.TrySetResult(report);
                }

                return true;
            case MessageKind.TaskAccepted when FrameCodec.TryReadPayload(frame, json.TaskAccepted, out var accepted):
                writer.Enqueue(new TaskUpdate.Accepted(accepted.TaskId, ToBrainTime(accepted.AcceptedAtUnixMs)));
                return true;
            case MessageKind.TaskStarted when FrameCodec.TryReadPayload(frame, json.TaskStarted, out var started):
                writer.Enqueue(new TaskUpdate.Started(started.TaskId, ToBrainTime(started.StartedAtUnixMs)));
                return true;
            case MessageKind.TaskOutput when FrameCodec.TryReadPayload(frame, json.TaskOutput, out var chunk):
                await output.AppendAsync(nodeName, chunk, cancellationToken);
                return true;
            case MessageKind.TaskResult when FrameCodec.TryReadPayload(frame, json.TaskResult, out var result):
                var update = new TaskUpdate.Finished(
                    result,
                    result.StartedAtUnixMs is { } startedAt ? ToBrainTime(startedAt) : null,
                    ToBrainTime(result.FinishedAtUnixMs));
                writer.Enqueue(update);
                _ = AcknowledgeWhenCommittedAsync(update, cancellationToken);
                return true;
            case MessageKind.FileChunkRequest when FrameCodec.TryReadPayload(frame, json.FileChunkRequest, out var wanted):
                _files?.TryEnqueue(wanted);
                return true;
            case MessageKind.FileChunk when (frame.Header.Flags & FrameFlags.Binary) != 0:
                // A piece of a stream this Brain asked the node for; one that fails its check is dropped and asked again.
                if (Protocol.Files.FileChunk.TryDecode(frame.Payload.ToArray(), out var fileChunk, out _))
                {
                    pulls.Deliver(nodeName, fileChunk);
                }

                return true;
            case MessageKind.Goodbye when FrameCodec.TryReadPayload(frame, json.Goodbye, out var goodbye):
                _closeReason = $"node said goodbye: {goodbye.Reason}";
                return false;
            case MessageKind.Heartbeat or MessageKind.StatusReport or MessageKind.TaskAccepted or MessageKind.TaskStarted
                or MessageKind.TaskOutput or MessageKind.TaskResult or MessageKind.Goodbye or MessageKind.FileChunkRequest:
                await RejectAsync(WebSocketCloseStatus.InvalidPayloadData, $"malformed {frame.Kind} payload");
                return false;
            default:
                await RejectAsync(WebSocketCloseStatus.ProtocolError, $"a Tentacle may not send {frame.Kind}");
                return false;
        }
    }

    private async Task AcknowledgeWhenCommittedAsync(TaskUpdate.Finished update, CancellationToken cancellationToken)
    {
        try
        {
            await update.Committed.Task.WaitAsync(cancellationToken);
            await connection.SendAsync(MessageKind.TaskResultAck, new TaskResultAck { TaskId = update.TaskId }, ProtocolJsonContext.Default.TaskResultAck, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Not acknowledged: the Tentacle keeps the result and sends it again on its next connection.
        }
    }

    private DateTimeOffset ToBrainTime(double nodeUnixMs) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round((nodeUnixMs + _clockOffsetMs) * TimeSpan.TicksPerMillisecond));

    private async Task RejectAsync(WebSocketCloseStatus status, string reason)
    {
        _closeReason = reason;
        LogRejected(logger, nodeName, remoteAddress, reason);
        try
        {
            await connection.SendAsync(MessageKind.Goodbye, new Goodbye { Reason = reason }, ProtocolJsonContext.Default.Goodbye);
        }
        catch (WebSocketException)
        {
            // The connection is already gone.
        }

        await connection.CloseAsync(status, reason, DrainTimeout);
    }

    private async Task RecordConnectAsync(Hello hello, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Nodes.Where(n => n.Name == nodeName).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Address, remoteAddress)
            .SetProperty(n => n.Version, Bound(hello.AgentVersion, 64))
            .SetProperty(n => n.Platform, Bound(hello.Platform, 64))
            .SetProperty(n => n.LastConnectedAt, now)
            .SetProperty(n => n.LastSeenAt, now), cancellationToken);
    }

    /// <summary>
    /// The Tentacle lost its journal (corrupt and moved aside, or deleted), so nobody can account for the tasks it
    /// held: those sent, accepted or running end <c>lost</c> with its reason, never silently stuck. With an intact
    /// journal the Tentacle reports every task's fate itself, including processes that died with it.
    /// </summary>
    private async Task EndOrphanedTasksAsync(string loss, CancellationToken cancellationToken)
    {
        List<string> orphaned;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            orphaned = await db.Tasks.AsNoTracking()
                .Where(t => t.NodeName == nodeName && (t.State == TaskState.Dispatched || t.State == TaskState.Accepted || t.State == TaskState.Running))
                .Select(t => t.Id)
                .ToListAsync(cancellationToken);
        }

        // Before the dispatcher starts: it must not send these again to a Tentacle that may have run them.
        await writer.EndLostAsync(
            orphaned,
            $"the Tentacle on {nodeName} lost its task journal ({loss}); the task's outcome is unknown",
            time.GetUtcNow(),
            cancellationToken);
        LogJournalLost(logger, nodeName, loss, orphaned.Count);
    }

    private async Task RecordDisconnectAsync()
    {
        try
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Nodes.Where(n => n.Name == nodeName).ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenAt, now));
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or ObjectDisposedException)
        {
            // Best effort: the store may be closing with the Brain.
        }
    }

    private static string Bound(string value, int max) => value.Length > max ? value[..max] : value;

    private static WebSocketCloseStatus CloseStatusFor(FrameError error) => error switch
    {
        FrameError.TooLarge => WebSocketCloseStatus.MessageTooBig,
        FrameError.NotBinary => WebSocketCloseStatus.InvalidMessageType,
        _ => WebSocketCloseStatus.ProtocolError,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Node {NodeName} connected from {Address} (tentacle {Version})")]
    private static partial void LogConnected(ILogger logger, string nodeName, string address, string version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Node {NodeName} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string nodeName, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Node {NodeName}'s Tentacle lost its task journal ({Loss}); {Count} task(s) it held end lost")]
    private static partial void LogJournalLost(ILogger logger, string nodeName, string loss, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Closing the connection of {NodeName} from {Address}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string nodeName, string address, string reason);
}
