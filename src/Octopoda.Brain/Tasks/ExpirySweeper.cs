using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Ends queued tasks whose time-to-live has passed while their node stayed away. Only <c>queued</c> tasks: once a
/// task is sent, its node decides (the dispatch carries the expiry, and a Tentacle refuses an unseen task that
/// arrives late), so a task is never recorded expired while it runs. The sweep lags the expiry by
/// <see cref="Margin"/> so a dispatch sent just before the deadline is marked before the sweep looks.
/// </summary>
internal sealed partial class ExpirySweeper(
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskUpdateWriter writer,
    TimeProvider time,
    ILogger<ExpirySweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int MaxPerSweep = 2048;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Expires what is due now; returns how many tasks it ended.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - Margin;
        List<(string Id, string Node, int Ttl)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var rows = await db.Tasks.AsNoTracking()
                .Where(t => t.State == TaskState.Queued && t.ExpiresAt != null && t.ExpiresAt <= cutoff)
                .OrderBy(t => t.Sequence)
                .Take(MaxPerSweep)
                .Select(t => new { t.Id, t.NodeName, t.TtlSeconds })
                .ToListAsync(cancellationToken);
            due = [.. rows.Select(r => (r.Id, r.NodeName, r.TtlSeconds))];
        }

        var updates = due.Select(t => new TaskUpdate.ExpireIfQueued(t.Id, now, t.Ttl > 0
            ? $"node {t.Node} did not come back within the task's time-to-live ({t.Ttl} s)"
            : $"node {t.Node} dropped before the task could be sent; give --ttl to wait for it")).ToList();
        foreach (var update in updates)
        {
            writer.Enqueue(update);
        }

        await Task.WhenAll(updates.Select(u => u.Committed.Task)).WaitAsync(cancellationToken);
        return updates.Count;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Expiring overdue tasks failed; trying again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
