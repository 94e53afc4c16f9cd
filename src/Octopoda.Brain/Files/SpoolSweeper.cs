using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Files;

/// <summary>
/// Deletes spooled streams no task needs any more: a complete stream once every task of its transfer is final, and a
/// partial one (an upload, or a pull from a node, cut short) an hour after its last write.
/// </summary>
internal sealed partial class SpoolSweeper(FileSpool spool, IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time, ILogger<SpoolSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PartialLifetime = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbUpdateException or InvalidOperationException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many streams it deleted.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = spool.DeleteStaleIncoming(now - PartialLifetime);
        var streams = spool.List().ToList();
        foreach (var (id, _, _) in streams.Where(s => !s.Complete && now - s.LastWriteUtc > PartialLifetime))
        {
            spool.DeletePartial(id);
            deleted++;
        }

        var candidates = streams.Where(s => s.Complete && now - s.LastWriteUtc > TimeSpan.FromMinutes(1)).Select(s => s.TransferId).ToList();
        if (candidates.Count == 0)
        {
            return deleted;
        }

        // A transfer's id is its batch's: one query finds which candidates still have a task under way.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Tasks.AsNoTracking()
            .Where(t => candidates.Contains(t.BatchId)
                && (t.State == TaskState.Queued || t.State == TaskState.Dispatched || t.State == TaskState.Accepted || t.State == TaskState.Running))
            .Select(t => t.BatchId)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var id in candidates.Except(open, StringComparer.Ordinal))
        {
            spool.Delete(id);
            deleted++;
        }

        return deleted;
    }

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Cleaning the file spool failed; trying again in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
