using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Files;

/// <summary>
/// Deletes spooled streams no task needs any more: a complete stream once every task of its transfer is final, and a
/// partial one (an upload cut short) an hour after its last write.
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
        var deleted = 0;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (id, complete, lastWrite) in spool.List().ToList())
        {
            if (!complete)
            {
                if (now - lastWrite > PartialLifetime)
                {
                    File.Delete(Path.Combine(spool.Directory, id + ".part"));
                    deleted++;
                }

                continue;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var open = await db.Tasks.AsNoTracking().AnyAsync(
                t => t.BatchId == id && t.State != TaskState.Succeeded && t.State != TaskState.Failed && t.State != TaskState.Cancelled
                    && t.State != TaskState.Expired && t.State != TaskState.Lost,
                cancellationToken);
            if (!open && now - lastWrite > TimeSpan.FromMinutes(1))
            {
                spool.Delete(id);
                deleted++;
            }
        }

        return deleted;
    }

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Cleaning the file spool failed; trying again in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
