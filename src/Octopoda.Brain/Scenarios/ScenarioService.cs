using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// Scenarios in the store: their declared applications and nodes, their version history, and the NodeApp histories the
/// nodes reported (<see cref="NodeAppReports"/>). A scenario version is made from the newest NodeApp versions, which
/// are durable, so a version recorded after a Brain restart is as complete as one recorded before it.
/// </summary>
internal sealed class ScenarioService(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time)
{
    // One Brain records versions; one at a time, so two applies finishing together cannot both append the same change.
    private readonly SemaphoreSlim _recording = new(1, 1);

    public async Task<ScenarioRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
    }

    public async Task<List<ScenarioAppRecord>> AppsAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ScenarioApps.AsNoTracking().Where(a => a.Scenario == name).OrderBy(a => a.Position).ToListAsync(cancellationToken);
    }

    /// <summary>Every node of a scenario: its declared applications' and any that still hold one of its NodeApps.</summary>
    public async Task<List<string>> NodesAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var declared = (await db.ScenarioApps.AsNoTracking().Where(a => a.Scenario == name).ToListAsync(cancellationToken)).SelectMany(a => a.NodeList);
        var reported = await db.NodeAppVersions.AsNoTracking().Where(v => v.Scenario == name).Select(v => v.NodeName).Distinct().ToListAsync(cancellationToken);
        return [.. declared.Concat(reported).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every (application, node) of a scenario: declared, or holding a NodeApp a node reported.</summary>
    public async Task<List<(string App, string Node)>> NodeAppsOfAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var declared = (await db.ScenarioApps.AsNoTracking().Where(a => a.Scenario == name).ToListAsync(cancellationToken)).SelectMany(a => a.NodeList.Select(n => (a.App, Node: n)));
        var reported = (await db.NodeAppVersions.AsNoTracking().Where(v => v.Scenario == name).Select(v => new { v.App, v.NodeName }).Distinct().ToListAsync(cancellationToken))
            .Select(v => (v.App, Node: v.NodeName));
        return [.. declared.Concat(reported).Distinct()];
    }

    /// <summary>Creates the scenario or updates its description and applications (their nodes as resolved now).</summary>
    public async Task DeclareAsync(string name, string description, IReadOnlyList<(ScenarioAppDeclaration App, IReadOnlyList<string> Nodes)> apps, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var scenario = await db.Scenarios.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (scenario is null)
        {
            db.Scenarios.Add(new ScenarioRecord { Name = name, Description = description, CreatedBy = actor, CreatedAt = now, UpdatedAt = now });
        }
        else
        {
            scenario.Description = description;
            scenario.UpdatedAt = now;
        }

        db.ScenarioApps.RemoveRange(db.ScenarioApps.Where(a => a.Scenario == name));
        db.ScenarioApps.AddRange(apps.Select((a, i) => new ScenarioAppRecord
        {
            Scenario = name,
            App = a.App.Name,
            Description = a.App.Description,
            Nodes = string.Join('\n', a.Nodes.Order(StringComparer.Ordinal)),
            Position = i,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Each declared (application, node) with its NodeApp's newest hash (null when it has none yet).</summary>
    public async Task<List<NodeAppHash>> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CurrentAsync(db, name, cancellationToken);
    }

    /// <summary>Appends a scenario version when its NodeApps' newest versions differ from the newest scenario version's.</summary>
    public async Task<ScenarioVersionResult> RecordVersionAsync(string name, string message, CancellationToken cancellationToken)
    {
        await _recording.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var lines = ScenarioHashes.Lines(await CurrentAsync(db, name, cancellationToken));
            var newest = await db.ScenarioVersions.AsNoTracking().Where(v => v.Scenario == name).OrderByDescending(v => v.Sequence).FirstOrDefaultAsync(cancellationToken);
            if (lines.Length == 0 || newest?.NodeApps == lines)
            {
                return new ScenarioVersionResult { Appended = false, Version = newest?.ToView() };
            }

            var version = new ScenarioVersionRecord { Scenario = name, Hash = ScenarioHashes.Hash(lines), Time = time.GetUtcNow(), Message = message, NodeApps = lines };
            db.ScenarioVersions.Add(version);
            await db.SaveChangesAsync(cancellationToken);
            return new ScenarioVersionResult { Appended = true, Version = version.ToView() };
        }
        finally
        {
            _recording.Release();
        }
    }

    public async Task<ScenarioVersionListResponse> VersionsAsync(string name, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = db.ScenarioVersions.AsNoTracking().Where(v => v.Scenario == name);
        var page = await all.OrderByDescending(v => v.Sequence).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return new ScenarioVersionListResponse { Total = await all.CountAsync(cancellationToken), Versions = [.. page.Select(v => v.ToView())] };
    }

    /// <summary>The newest version whose hash the prefix names, or the problem (and whether it was ambiguous).</summary>
    public async Task<(ScenarioVersionRecord? Version, string? Problem, bool Ambiguous)> ResolveVersionAsync(string name, string? prefix, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.ScenarioVersions.AsNoTracking().Where(v => v.Scenario == name).OrderByDescending(v => v.Sequence).ToListAsync(cancellationToken);
        var (hash, problem, ambiguous) = ScenarioHashes.Resolve(versions.Select(v => v.Hash), prefix, $"octl scen version {name}");
        return (versions.FirstOrDefault(v => v.Hash == hash), problem, ambiguous);
    }

    /// <summary>
    /// Drops the scenario: its applications, versions and the Brain's copy of its NodeApps' histories. Set-based
    /// deletes, so results of its <c>napp.delete</c> tasks removing the same rows meanwhile are no conflict.
    /// </summary>
    public async Task DropAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.NodeAppVersions.Where(v => v.Scenario == name).ExecuteDeleteAsync(cancellationToken);
        await db.ScenarioVersions.Where(v => v.Scenario == name).ExecuteDeleteAsync(cancellationToken);
        await db.ScenarioApps.Where(a => a.Scenario == name).ExecuteDeleteAsync(cancellationToken);
        await db.Scenarios.Where(s => s.Name == name).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<List<ScenarioView>> ListAsync(Func<IEnumerable<string>, bool> visible, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scenarios = await db.Scenarios.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var apps = (await db.ScenarioApps.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(a => a.Scenario, StringComparer.Ordinal);
        var versions = await db.ScenarioVersions.AsNoTracking().ToListAsync(cancellationToken);
        var byScenario = versions.ToLookup(v => v.Scenario, StringComparer.Ordinal);
        return [.. scenarios.Where(s => visible(apps[s.Name].SelectMany(a => a.NodeList))).Select(s => new ScenarioView
        {
            Name = s.Name,
            Description = s.Description,
            Version = byScenario[s.Name].MaxBy(v => v.Sequence)?.ToView(),
            VersionCount = byScenario[s.Name].Count(),
        })];
    }

    public async Task<ScenarioView?> ShowAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (scenario is null)
        {
            return null;
        }

        var apps = await db.ScenarioApps.AsNoTracking().Where(a => a.Scenario == name).OrderBy(a => a.Position).ToListAsync(cancellationToken);
        var current = await CurrentAsync(db, name, cancellationToken);
        var versions = db.ScenarioVersions.AsNoTracking().Where(v => v.Scenario == name);
        var newest = await versions.OrderByDescending(v => v.Sequence).FirstOrDefaultAsync(cancellationToken);
        return new ScenarioView
        {
            Name = scenario.Name,
            Description = scenario.Description,
            Version = newest?.ToView(),
            VersionCount = await versions.CountAsync(cancellationToken),
            Applications = [.. apps.Select(a => new ScenarioAppView { Name = a.App, Description = a.Description, NodeApps = [.. current.Where(c => c.App == a.App)] })],
        };
    }

    public async Task<List<NodeAppView>> NodeAppsAsync(string node, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.NodeAppVersions.AsNoTracking().Where(v => v.NodeName == node).ToListAsync(cancellationToken);
        var descriptions = (await db.ScenarioApps.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(a => (a.Scenario, a.App), a => a.Description);
        return [.. rows.GroupBy(v => (v.Scenario, v.App)).OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.App, StringComparer.Ordinal)
            .Select(g => new NodeAppView
            {
                Node = node,
                App = g.Key.App,
                Scenario = g.Key.Scenario,
                Description = descriptions.GetValueOrDefault(g.Key),
                Version = g.MaxBy(v => v.Sequence)!.ToVersion(),
                VersionCount = g.Count(),
            })];
    }

    public async Task<List<NodeAppVersionRecord>> NodeAppHistoryAsync(string node, string app, string scenario, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NodeAppVersions.AsNoTracking()
            .Where(v => v.NodeName == node && v.App == app && v.Scenario == scenario)
            .OrderByDescending(v => v.Sequence)
            .ToListAsync(cancellationToken);
    }

    private static async Task<List<NodeAppHash>> CurrentAsync(BrainDbContext db, string name, CancellationToken cancellationToken)
    {
        var apps = await db.ScenarioApps.AsNoTracking().Where(a => a.Scenario == name).OrderBy(a => a.Position).ToListAsync(cancellationToken);
        var rows = await db.NodeAppVersions.AsNoTracking().Where(v => v.Scenario == name).ToListAsync(cancellationToken);
        var newest = rows.GroupBy(v => (v.App, v.NodeName)).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Sequence)!.Hash);
        return [.. apps.SelectMany(a => a.NodeList.Select(node => new NodeAppHash { App = a.App, Node = node, Hash = newest.GetValueOrDefault((a.App, node)) }))];
    }
}
