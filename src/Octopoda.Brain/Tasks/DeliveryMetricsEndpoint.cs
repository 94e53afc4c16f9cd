using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary><c>GET /api/v1/metrics/delivery</c>: task counts and queues from the store, counters and latencies from <see cref="DeliveryStats"/>.</summary>
internal static class DeliveryMetricsEndpoint
{
    private const int MaxQueues = 100;

    public static void Map(RouteGroupBuilder api) => api.MapGet("/metrics/delivery", GetAsync);

    private static async Task<IResult> GetAsync(CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, DeliveryStats stats, CancellationToken cancellationToken)
    {
        scope.RequireAdmin("read the Brain's delivery metrics, which span every node");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var byState = await db.Tasks.AsNoTracking()
            .GroupBy(t => t.State)
            .Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var open = await db.Tasks.AsNoTracking()
            .Where(t => t.State == TaskState.Queued || t.State == TaskState.Dispatched || t.State == TaskState.Accepted || t.State == TaskState.Running)
            .GroupBy(t => new { t.NodeName, t.State })
            .Select(g => new { g.Key.NodeName, g.Key.State, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var queues = open.GroupBy(o => o.NodeName).Select(g => new NodeQueueDepth
        {
            Node = g.Key,
            Queued = g.Where(o => o.State == TaskState.Queued).Sum(o => o.Count),
            Dispatched = g.Where(o => o.State == TaskState.Dispatched).Sum(o => o.Count),
            InFlight = g.Where(o => o.State is TaskState.Accepted or TaskState.Running).Sum(o => o.Count),
        }).OrderByDescending(q => q.Queued + q.Dispatched + q.InFlight).ThenBy(q => q.Node, StringComparer.Ordinal).Take(MaxQueues).ToList();
        var metrics = new DeliveryMetrics
        {
            TasksByState = Enum.GetValues<TaskState>().ToDictionary(
                s => s.ToWireName(),
                s => byState.FirstOrDefault(b => b.State == s)?.Count ?? 0),
            Queues = queues,
            Dispatched = stats.Dispatched,
            Redispatched = stats.Redispatched,
            ResultsReceived = stats.ResultsReceived,
            DuplicateResults = stats.DuplicateResults,
            Expired = stats.Expired,
            DispatchLatency = stats.DispatchLatency.Summarise(),
            CompletionLatency = stats.CompletionLatency.Summarise(),
        };
        return TypedResults.Json(metrics, ProtocolJsonContext.Default.DeliveryMetrics);
    }
}
