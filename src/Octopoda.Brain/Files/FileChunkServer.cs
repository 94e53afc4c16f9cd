using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Files;

/// <summary>
/// Serves one node's <see cref="FileChunkRequest"/>s from the <see cref="FileSpool"/> through a
/// <see cref="ChunkSender"/>, and only for transfers the node has a <c>file.push</c> task of: a node cannot read a
/// stream meant for others.
/// </summary>
internal sealed partial class FileChunkServer
{
    private readonly string _nodeName;
    private readonly FileSpool _spool;
    private readonly IDbContextFactory<BrainDbContext> _dbFactory;
    private readonly ILogger _logger;
    private readonly ChunkSender _sender;
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);

    public FileChunkServer(string nodeName, FrameConnection connection, FileSpool spool, IDbContextFactory<BrainDbContext> dbFactory, ILogger logger)
    {
        _nodeName = nodeName;
        _spool = spool;
        _dbFactory = dbFactory;
        _logger = logger;
        _sender = new ChunkSender(connection, OpenAsync) { ReadFailed = (id, ex) => LogReadFailed(logger, id, nodeName, ex) };
    }

    /// <summary>Queues a request without waiting; false (logged) when the node asks faster than it is served.</summary>
    public bool TryEnqueue(FileChunkRequest request)
    {
        if (_sender.TryEnqueue(request))
        {
            return true;
        }

        LogDropped(_logger, _nodeName, request.TransferId);
        return false;
    }

    public Task RunAsync(CancellationToken cancellationToken) => _sender.RunAsync(cancellationToken);

    private async Task<ChunkSource> OpenAsync(string transferId, CancellationToken cancellationToken)
    {
        if (!await IsAllowedAsync(transferId, cancellationToken))
        {
            return ChunkSource.Refused($"node {_nodeName} has no file transfer {transferId}");
        }

        try
        {
            return ChunkSource.Of(_spool.OpenRead(transferId));
        }
        catch (FileNotFoundException)
        {
            return ChunkSource.Refused($"the stream of transfer {transferId} is no longer on the Brain (it ended, or was cleaned up)");
        }
    }

    private async Task<bool> IsAllowedAsync(string transferId, CancellationToken cancellationToken)
    {
        if (_allowed.Contains(transferId))
        {
            return true;
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        // A transfer's id is the batch id of its tasks.
        var allowed = await db.Tasks.AsNoTracking().AnyAsync(t => t.BatchId == transferId && t.NodeName == _nodeName && (t.Kind == TaskKinds.FilePush || t.Kind == TaskKinds.NodeAppPrepare), cancellationToken);
        if (allowed)
        {
            _allowed.Add(transferId);
        }

        return allowed;
    }

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Reading the stream of transfer {TransferId} for {NodeName} failed")]
    private static partial void LogReadFailed(ILogger logger, string transferId, string nodeName, Exception exception);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Node {NodeName} asked for chunks of {TransferId} faster than they are served; a request was dropped")]
    private static partial void LogDropped(ILogger logger, string nodeName, string transferId);
}
