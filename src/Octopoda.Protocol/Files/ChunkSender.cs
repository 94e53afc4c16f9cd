using System.Buffers;
using System.Threading.Channels;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Transport;

namespace Octopoda.Protocol.Files;

/// <summary>
/// The sending side of transfers over one agent link, used alike by the Brain serving <c>file.push</c> streams to a
/// node and by a Tentacle serving a <c>file.pull</c> stream to the Brain. It answers the peer's
/// <see cref="FileChunkRequest"/>s one at a time in the order asked (so the peer receives each transfer in order),
/// with binary <see cref="FileChunk"/> frames read from the stream <paramref name="open"/> gives, which also decides
/// what this peer may read. The receiver drives the pace and resumes by asking again; this side keeps no state.
/// </summary>
public sealed class ChunkSender(FrameConnection connection, Func<string, CancellationToken, Task<ChunkSource>> open)
{
    // A well-behaved receiver keeps a few requests outstanding; more are dropped (it asks again after a silence).
    private const int QueueCapacity = 64;

    // The frame, header included, fits the shared pool's 256 KiB bucket: a full 256 KiB of data would take a 512 KiB one.
    private const int DataPerFrame = FileChunk.MaxDataBytes - 1024;

    private readonly Channel<FileChunkRequest> _requests = Channel.CreateBounded<FileChunkRequest>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // One read buffer per link, reused: requests are served one at a time.
    private readonly byte[] _buffer = new byte[DataPerFrame];

    /// <summary>Called when reading a stream fails (the receiver gets an error chunk either way).</summary>
    public Action<string, Exception>? ReadFailed { get; init; }

    /// <summary>Queues a request without waiting; false when the peer asks faster than it is served.</summary>
    public bool TryEnqueue(FileChunkRequest request) => _requests.Writer.TryWrite(request);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await ServeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ReadFailed?.Invoke(request.TransferId, ex);
                await SendErrorAsync(request.TransferId, request.Offset, $"the stream could not be read: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ServeAsync(FileChunkRequest request, CancellationToken cancellationToken)
    {
        var id = request.TransferId;
        if (!FileChunk.IsValidTransferId(id))
        {
            return;
        }

        if (request.Offset < 0 || request.Length is < 1 or > FileChunk.MaxRequestBytes)
        {
            await SendErrorAsync(id, request.Offset, $"a chunk request must ask for 1 to {FileChunk.MaxRequestBytes} bytes from a non-negative offset", cancellationToken).ConfigureAwait(false);
            return;
        }

        var source = await open(id, cancellationToken).ConfigureAwait(false);
        if (source.Stream is not { } file)
        {
            await SendErrorAsync(id, request.Offset, source.Error ?? $"transfer {id} is not available", cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (file.ConfigureAwait(false))
        {
            var length = file.Length;
            if (request.Offset > length)
            {
                await SendErrorAsync(id, request.Offset, $"offset {request.Offset} is past the end of transfer {id} ({length} bytes)", cancellationToken).ConfigureAwait(false);
                return;
            }

            var end = Math.Min(length, request.Offset + request.Length);
            for (var offset = request.Offset; offset < end;)
            {
                var read = await RandomAccess.ReadAsync(file.SafeFileHandle, _buffer.AsMemory(0, (int)Math.Min(_buffer.Length, end - offset)), offset, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                // The frame comes from the shared pool and goes back to it once the connection has written it.
                var frame = ArrayPool<byte>.Shared.Rent(FileChunk.FrameLength(read));
                var frameLength = FileChunk.EncodeFrame(frame, connection.NextId(), id, offset, _buffer.AsSpan(0, read));
                await connection.SendBulkAsync(frame, frameLength, cancellationToken).ConfigureAwait(false);
                offset += read;
            }
        }
    }

    private async Task SendErrorAsync(string transferId, long offset, string error, CancellationToken cancellationToken) =>
        await connection.SendRawAsync(
            FrameCodec.EncodeRaw(MessageKind.FileChunk, FrameFlags.Binary, connection.NextId(), 0, FileChunk.EncodeError(transferId, Math.Max(0, offset), error)),
            cancellationToken).ConfigureAwait(false);
}
