using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Gateway;
using Octopoda.Brain.Store;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Nodes;

/// <summary><c>/api/v1/nodes</c>: list, live status and prune.</summary>
internal static class NodeEndpoints
{
    // A node that does not answer a status request within 3 s is reported without a sample.
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(3);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/nodes", List);
        api.MapGet("/nodes/status", StatusAsync);
        api.MapPost("/nodes/prune", PruneAsync).WithName("node.prune");
    }

    private static async Task<IResult> List(string? targets, string? state, CallerScope scope, TargetResolver resolver, NodeRegistry nodes, BrainIdentity brain, HttpContext context)
    {
        var resolution = await resolver.ResolveAsync(SplitQuery(targets), emptyMeansAll: true, scope, context.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        var views = resolution.Nodes
            .Select(nodes.View)
            .OfType<NodeView>()
            .Where(v => NodeStateRules.Matches(v.State, state))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Json(new NodeListResponse
        {
            Brain = BrainInfoEndpoint.Describe(brain, context),
            Nodes = views,
            Total = views.Count,
            Online = views.Count(v => v.State == NodeState.Online),
            Unstable = views.Count(v => v.State == NodeState.Unstable),
            Offline = views.Count(v => v.State == NodeState.Offline),
        }, ProtocolJsonContext.Default.NodeListResponse);
    }

    private static async Task<IResult> StatusAsync(string? targets, CallerScope scope, TargetResolver resolver, NodeRegistry nodes, CancellationToken cancellationToken)
    {
        var resolution = await resolver.ResolveAsync(SplitQuery(targets), emptyMeansAll: true, scope, cancellationToken);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        var entries = await Task.WhenAll(resolution.Nodes.Select(async name =>
        {
            if (nodes.Find(name)?.Session is not { } session)
            {
                return new NodeStatusEntry { Name = name, Error = "not connected" };
            }

            var report = await session.RequestStatusAsync(StatusTimeout, cancellationToken);
            return report is null
                ? new NodeStatusEntry { Name = name, Error = $"no answer within {StatusTimeout.TotalSeconds:0} s" }
                : new NodeStatusEntry { Name = name, Status = report.Status };
        }));

        var samples = entries.Select(e => e.Status).OfType<NodeStatus>().ToList();
        return TypedResults.Json(new NodeStatusResponse
        {
            Nodes = [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)],
            AverageCpuLoad = samples.Count == 0 ? 0 : samples.Average(s => s.CpuLoadLong),
            AverageMemoryUsage = Percent(samples.Sum(s => s.MemoryUsedBytes), samples.Sum(s => s.MemoryTotalBytes)),
            AverageDiskUsage = Percent(samples.Sum(s => s.DiskRootUsedBytes), samples.Sum(s => s.DiskRootTotalBytes)),
        }, ProtocolJsonContext.Default.NodeStatusResponse);
    }

    private static async Task<IResult> PruneAsync(
        HttpRequest request,
        CallerScope scope,
        TargetResolver resolver,
        NodeRegistry nodes,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskUpdateWriter writer,
        WorkgroupTree workgroups,
        TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.PruneRequest);
        if (body is null)
        {
            return error!;
        }

        // Pruning forgets a node for every account, so it is the administrator's.
        scope.RequireAdmin("prune nodes");
        var resolution = await resolver.ResolveAsync(body.Targets, emptyMeansAll: false, scope, request.HttpContext.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        request.HttpContext.Audit().Targets = resolution.Nodes;
        var pruned = new List<string>();
        var kept = new List<string>();
        foreach (var name in resolution.Nodes)
        {
            if (nodes.View(name) is { State: NodeState.Offline } && nodes.TryForget(name))
            {
                pruned.Add(name);
            }
            else
            {
                kept.Add(name);
            }
        }

        if (pruned.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(request.HttpContext.RequestAborted);
            await db.Nodes.Where(n => pruned.Contains(n.Name)).ExecuteDeleteAsync(request.HttpContext.RequestAborted);
            await EndOpenTasksAsync(db, pruned, writer, time, request.HttpContext.RequestAborted);
            await workgroups.ForgetNodesAsync(pruned, request.HttpContext.RequestAborted);
        }

        return TypedResults.Json(new PruneResponse { Pruned = pruned, Kept = kept }, ProtocolJsonContext.Default.PruneResponse);
    }

    /// <summary>A pruned node will never report again: its open tasks end <c>lost</c> with the reason.</summary>
    private static async Task EndOpenTasksAsync(BrainDbContext db, List<string> pruned, TaskUpdateWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var open = await db.Tasks.AsNoTracking()
            .Where(t => pruned.Contains(t.NodeName) && (t.State == TaskState.Queued || t.State == TaskState.Dispatched
                || t.State == TaskState.Accepted || t.State == TaskState.Running))
            .Select(t => new { t.Id, t.NodeName })
            .ToListAsync(cancellationToken);
        foreach (var node in open.GroupBy(t => t.NodeName))
        {
            await writer.EndLostAsync(
                [.. node.Select(t => t.Id)],
                $"node {node.Key} was pruned before the task finished; its outcome is unknown",
                time.GetUtcNow(),
                cancellationToken);
        }
    }

    internal static string[] SplitQuery(string? targets) =>
        string.IsNullOrWhiteSpace(targets) ? [] : targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static double Percent(long used, long total) => total <= 0 ? 0 : 100.0 * used / total;
}
