using System.Buffers;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Files;

/// <summary>
/// Serves one node's <see cref="FileChunkRequest"/>s from the <see cref="FileSpool"/>, one request at a time in the
/// order asked (so the node receives each transfer in order), and only for transfers the node has a
/// <c>file.push</c> task of: a node cannot read a stream meant for others. The node drives the pace and resumes
/// by asking again; this side keeps no per-transfer state beyond which transfers it has checked.
/// </summary>
internal sealed partial class FileChunkServer(
    string nodeName,
    FrameConnection connection,
    FileSpool spool,
    IDbContextFactory<BrainDbContext> dbFactory,
    ILogger logger)
{
    // A well-behaved node keeps a few requests outstanding; more are dropped (it asks again after a silence).
    private const int QueueCapacity = 64;

    private readonly Channel<FileChunkRequest> _requests = Channel.CreateBounded<FileChunkRequest>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);

    // One read buffer per node, reused: requests are served one at a time.
    private readonly byte[] _buffer = new byte[FileChunk.MaxDataBytes];

    /// <summary>Queues a request without waiting; false (logged) when the node asks faster than it is served.</summary>
    public bool TryEnqueue(FileChunkRequest request)
    {
        if (_requests.Writer.TryWrite(request))
        {
            return true;
        }

        LogDropped(logger, nodeName, request.TransferId);
        return false;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await ServeAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogReadFailed(logger, request.TransferId, nodeName, ex);
                await SendErrorAsync(request.TransferId, request.Offset, $"the Brain could not read the transfer's stream: {ex.Message}", cancellationToken);
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
            await SendErrorAsync(id, request.Offset, $"a chunk request must ask for 1 to {FileChunk.MaxRequestBytes} bytes from a non-negative offset", cancellationToken);
            return;
        }

        if (!await IsAllowedAsync(id, cancellationToken))
        {
            await SendErrorAsync(id, request.Offset, $"node {nodeName} has no file transfer {id}", cancellationToken);
            return;
        }

        FileStream file;
        try
        {
            file = spool.OpenRead(id);
        }
        catch (FileNotFoundException)
        {
            await SendErrorAsync(id, request.Offset, $"the stream of transfer {id} is no longer on the Brain (it ended, or was cleaned up)", cancellationToken);
            return;
        }

        await using (file)
        {
            var length = file.Length;
            if (request.Offset > length)
            {
                await SendErrorAsync(id, request.Offset, $"offset {request.Offset} is past the end of transfer {id} ({length} bytes)", cancellationToken);
                return;
            }

            var end = Math.Min(length, request.Offset + request.Length);
            for (var offset = request.Offset; offset < end;)
            {
                var read = await RandomAccess.ReadAsync(file.SafeFileHandle, _buffer.AsMemory(0, (int)Math.Min(_buffer.Length, end - offset)), offset, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                // The frame comes from the shared pool and goes back to it once the connection has written it.
                var frame = ArrayPool<byte>.Shared.Rent(FileChunk.FrameLength(read));
                var frameLength = FileChunk.EncodeFrame(frame, connection.NextId(), id, offset, _buffer.AsSpan(0, read));
                await connection.SendBulkAsync(frame, frameLength, cancellationToken);
                offset += read;
            }
        }
    }

    private async Task<bool> IsAllowedAsync(string transferId, CancellationToken cancellationToken)
    {
        if (_allowed.Contains(transferId))
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A transfer's id is the batch id of its tasks.
        var allowed = await db.Tasks.AsNoTracking().AnyAsync(t => t.BatchId == transferId && t.NodeName == nodeName && t.Kind == TaskKinds.FilePush, cancellationToken);
        if (allowed)
        {
            _allowed.Add(transferId);
        }

        return allowed;
    }

    private async Task SendErrorAsync(string transferId, long offset, string error, CancellationToken cancellationToken) =>
        await connection.SendRawAsync(
            FrameCodec.EncodeRaw(MessageKind.FileChunk, FrameFlags.Binary, connection.NextId(), 0, FileChunk.EncodeError(transferId, Math.Max(0, offset), error)),
            cancellationToken);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Reading the stream of transfer {TransferId} for {NodeName} failed")]
    private static partial void LogReadFailed(ILogger logger, string transferId, string nodeName, Exception exception);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Node {NodeName} asked for chunks of {TransferId} faster than they are served; a request was dropped")]
    private static partial void LogDropped(ILogger logger, string nodeName, string transferId);
}
