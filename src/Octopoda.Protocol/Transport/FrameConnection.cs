using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Octopoda.Protocol.Framing;

namespace Octopoda.Protocol.Transport;

/// <summary>
/// One agent link over a WebSocket: frames in, frames out. Every send goes through one bounded queue drained by
/// one writer, so concurrent senders never interleave on the socket and a slow peer pushes back on them instead
/// of growing memory. Receives are for one reader at a time and never buffer more than
/// <see cref="ProtocolInfo.MaxFrameBytes"/>. The connection owns the socket and disposes it.
/// </summary>
public sealed class FrameConnection : IAsyncDisposable
{
    // 1,024 queued frames: a fan-out burst to one node is a handful of frames per task, and heartbeats are one
    // per second, so this only fills when the peer stops reading; then senders wait rather than buffer.
    private const int SendQueueCapacity = 1024;

    // Bulk frames (file chunks, up to 256 KiB each) queued or being written at once: bounds what a transfer holds
    // in memory per connection to about 512 KiB, however many chunks its receiver asked for. Two keep the socket
    // busy (one is written while the next is read from disk); more only raised the Brain's memory (perf/RESULTS.md).
    private const int BulkFramesInFlight = 2;

    private readonly WebSocket _socket;
    private readonly Channel<Outgoing> _sendQueue;
    private readonly SemaphoreSlim _bulkSlots = new(BulkFramesInFlight, BulkFramesInFlight);
    private readonly Task _writer;
    private readonly CancellationTokenSource _closing = new();
    private byte[] _receiveBuffer = new byte[16 * 1024];
    private long _nextId;
    private int _disposed;

    /// <summary>Wraps an open WebSocket.</summary>
    public FrameConnection(WebSocket socket)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _sendQueue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>True while the socket is open for sending.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open && !_closing.IsCancellationRequested;

    /// <summary>Completes when the writer stops (the connection closed or failed).</summary>
    public Task Completion => _writer;

    /// <summary>A new frame id, unique on this connection.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Queues a JSON message; returns its frame id. Waits when the queue is full.</summary>
    public async ValueTask<long> SendAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> typeInfo, long correlation = 0, CancellationToken cancellationToken = default)
    {
        var id = NextId();
        var frame = FrameCodec.Encode(kind, id, correlation, message, typeInfo);
        await SendRawAsync(frame, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Queues an encoded frame. Throws <see cref="WebSocketException"/> once the connection is closing.</summary>
    public async ValueTask SendRawAsync(byte[] frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        await EnqueueAsync(new Outgoing(frame, frame.Length, Bulk: false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a bulk frame (a file chunk) held in the first <paramref name="length"/> bytes of
    /// <paramref name="rented"/>, an array from <see cref="ArrayPool{T}.Shared"/> that the connection now owns and
    /// returns once written (or dropped). Waits while <see cref="BulkFramesInFlight"/> bulk frames are queued or being
    /// written, so bulk data never piles up in memory and control frames are not stuck behind much of it.
    /// </summary>
    public async ValueTask SendBulkAsync(byte[] rented, int length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rented);
        try
        {
            await _bulkSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }

        var outgoing = new Outgoing(rented, length, Bulk: true);
        if (!_sendQueue.Writer.TryWrite(outgoing))
        {
            try
            {
                await EnqueueAsync(outgoing, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(rented);
                _bulkSlots.Release();
                throw;
            }
        }
    }

    private async ValueTask EnqueueAsync(Outgoing outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await _sendQueue.Writer.WriteAsync(outgoing, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new WebSocketException(WebSocketError.InvalidState, "The agent link is closed.");
        }
    }

    /// <summary>
    /// Receives the next frame. Framing errors are returned, not thrown; the caller decides to close. The
    /// returned frame's payload is valid until the next call.
    /// </summary>
    public async ValueTask<ReceiveOutcome> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _receiveBuffer.Length)
            {
                if (length >= ProtocolInfo.MaxFrameBytes)
                {
                    return ReceiveOutcome.Failed(FrameError.TooLarge);
                }

                Array.Resize(ref _receiveBuffer, Math.Min(_receiveBuffer.Length * 2, ProtocolInfo.MaxFrameBytes));
            }

            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                return ReceiveOutcome.Ended(ex.Message);
            }
            catch (IOException ex)
            {
                return ReceiveOutcome.Ended(ex.Message);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReceiveOutcome.Ended(_socket.CloseStatusDescription ?? "closed by peer");
            }

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                return ReceiveOutcome.Failed(FrameError.NotBinary);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var error = FrameCodec.TryDecode(_receiveBuffer.AsMemory(0, length), out var frame);
                return error == FrameError.None ? ReceiveOutcome.Of(frame) : ReceiveOutcome.Failed(error);
            }
        }
    }

    /// <summary>
    /// Closes the connection from the receiving side: stops accepting sends, lets queued frames drain (bounded by
    /// <paramref name="drainTimeout"/>), then performs the WebSocket close handshake with <paramref name="reason"/>.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason, TimeSpan drainTimeout)
    {
        _sendQueue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer is not reading; close without the rest.
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // WebSocket close descriptions are limited to 123 bytes of UTF-8.
            var description = reason.Length > 120 ? reason[..120] : reason;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                // The full handshake (send our close, read theirs) so the peer reliably sees the status and
                // reason; callers close from the receiving side, so no other receive is pending.
                await _socket.CloseAsync(status, description, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The peer is gone or did not answer in time: nothing left to tell it.
            }
        }
    }

    /// <summary>
    /// Starts a graceful close while another task is receiving: sends <paramref name="goodbye"/> (an encoded frame)
    /// after the queued frames, then our WebSocket close. The receiver then sees the peer's close and ends.
    /// </summary>
    public async Task CloseOutputAsync(byte[] goodbye, WebSocketCloseStatus status, string reason, TimeSpan drainTimeout)
    {
        ArgumentNullException.ThrowIfNull(goodbye);
        _sendQueue.Writer.TryWrite(new Outgoing(goodbye, goodbye.Length, Bulk: false));
        _sendQueue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(drainTimeout).ConfigureAwait(false);
            var description = reason.Length > 120 ? reason[..120] : reason;
            using var timeout = new CancellationTokenSource(drainTimeout);
            await _socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is not reading or is gone; the receiver's own timeout ends the connection.
        }
    }

    /// <summary>Drops the connection at once without a close handshake.</summary>
    public void Abort()
    {
        _sendQueue.Writer.TryComplete();
        _closing.Cancel();
        _socket.Abort();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sendQueue.Writer.TryComplete();
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on abort.
        }

        _socket.Dispose();
        _closing.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _sendQueue.Reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (_sendQueue.Reader.TryRead(out var outgoing))
                {
                    try
                    {
                        await _socket.SendAsync(outgoing.Frame.AsMemory(0, outgoing.Length), WebSocketMessageType.Binary, endOfMessage: true, _closing.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (outgoing.Bulk)
                        {
                            ArrayPool<byte>.Shared.Return(outgoing.Frame);
                            _bulkSlots.Release();
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection failed or was aborted; pending sends are dropped and the reader sees the end.
            _sendQueue.Writer.TryComplete();
        }
    }

    private readonly record struct Outgoing(byte[] Frame, int Length, bool Bulk);
}
