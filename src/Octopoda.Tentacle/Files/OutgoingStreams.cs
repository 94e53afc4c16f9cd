using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>
/// The node's outgoing spool, <c>&lt;dataDir&gt;/files/outgoing</c>: one <c>&lt;transferId&gt;.tar</c> per
/// <c>file.pull</c>, written as <c>.tar.part</c> and renamed once whole, so only complete streams are ever served.
/// The Brain fetches a stream with chunk requests (<see cref="OpenAsync"/> is the <see cref="ChunkSender"/>'s
/// source) and releases it with <c>FileTransferDone</c>; a stream never released is removed after
/// <see cref="MaxAge"/>.
/// </summary>
internal sealed partial class OutgoingStreams(string dataDirectory, string nodeName, TimeProvider time, ILogger logger)
{
    /// <summary>How long a stream waits for the Brain: a pull's task has ended long before (its TTL is shorter).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>How often old streams are looked for (besides at start): a day's streams outlive it by at most an hour.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private const string StreamSuffix = ".tar";
    private const string PartSuffix = ".tar.part";
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Directory { get; } = Path.Combine(dataDirectory, "files", "outgoing");

    /// <summary>Where the whole stream of <paramref name="transferId"/> lies (a valid id only).</summary>
    public string PathFor(string transferId) => Path.Combine(Directory, transferId + StreamSuffix);

    /// <summary>Where the stream of <paramref name="transferId"/> is written before it is whole.</summary>
    public string PartPathFor(string transferId) => Path.Combine(Directory, transferId + PartSuffix);

    /// <summary>Creates the directory (owner only: streams may hold anything the node has).</summary>
    public void EnsureDirectory() => System.IO.Directory.CreateDirectory(Directory, PrivateDirectory);

    /// <summary>
    /// Opens a whole stream for the <see cref="ChunkSender"/>: only a valid transfer id whose stream is here; anything
    /// else is refused with the reason, which the Brain's receiver reports.
    /// </summary>
    public Task<ChunkSource> OpenAsync(string transferId, CancellationToken cancellationToken)
    {
        if (!TransferIds.IsValid(transferId))
        {
            return Task.FromResult(ChunkSource.Refused($"transfer id '{FileErrors.Quote(transferId)}' is malformed: {TransferIds.Rule}"));
        }

        try
        {
            // Deletable while open: FileTransferDone or the sweeper may remove it while a chunk is being read.
            var stream = new FileStream(PathFor(transferId), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.RandomAccess,
                BufferSize = 0,
            });
            return Task.FromResult(ChunkSource.Of(stream));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(ChunkSource.Refused($"transfer {transferId} is not on node {nodeName}: its stream was released, removed after {MaxAge.TotalHours:0} h, or never written; pull it again"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(ChunkSource.Refused($"transfer {transferId} cannot be read on node {nodeName}: {ex.Message}"));
        }
    }

    /// <summary>The Brain holds the whole stream (or gave up): removes it. False when there was none.</summary>
    public bool Release(string transferId)
    {
        if (!TransferIds.IsValid(transferId))
        {
            return false;
        }

        var path = PathFor(transferId);
        try
        {
            var existed = File.Exists(path);
            File.Delete(path);
            File.Delete(PartPathFor(transferId));
            return existed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, path, ex);
            return false;
        }
    }

    /// <summary>Removes streams (and parts left by a stopped pull) not written for <see cref="MaxAge"/>; returns how many.</summary>
    public int Sweep()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - MaxAge;
        var removed = 0;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            if (!file.Name.EndsWith(StreamSuffix, StringComparison.Ordinal) && !file.Name.EndsWith(PartSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (file.LastWriteTimeUtc < cutoff)
                {
                    file.Delete();
                    removed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogDeleteFailed(logger, file.FullName, ex);
            }
        }

        return removed;
    }

    /// <summary>Sweeps now and every <see cref="SweepInterval"/> until stopped.</summary>
    public async Task RunSweeperAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, time);
        try
        {
            do
            {
                var removed = Sweep();
                if (removed > 0)
                {
                    LogSwept(logger, removed, MaxAge.TotalHours);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Removed {Count} outgoing file streams not fetched within {Hours} h")]
    private static partial void LogSwept(ILogger logger, int count, double hours);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Could not remove the outgoing file stream {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, string path, Exception exception);
}
