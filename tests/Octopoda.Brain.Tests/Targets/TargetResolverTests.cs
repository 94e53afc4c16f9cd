using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Access;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Store;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Workgroups;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Targets;

/// <summary>Target lists resolve within the caller's scope: ALL is the current path, @group is relative to it, names outside are 403.</summary>
public sealed class TargetResolverTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private TargetResolver _resolver = null!;
    private ScopeFactory _scopes = null!;
    private CallerScope _admin = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(0);
        var nodes = _cluster.Brain.Services.GetRequiredService<NodeRegistry>();
        var dbFactory = _cluster.Brain.Services.GetRequiredService<IDbContextFactory<BrainDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            foreach (var name in new[] { "alpha", "beta", "gamma", "pi1", "pi2", "pi3", "pi4" })
            {
                nodes.GetOrAdd(name);
                db.Nodes.Add(new NodeRecord { Name = name, CertificateThumbprint = new string('0', 64) });
            }

            await db.SaveChangesAsync();
        }

        var tree = _cluster.Brain.Services.GetRequiredService<WorkgroupTree>();
        await tree.AddAsync(P("/room1"), ["pi1", "pi2", "pi3", "pi4"], default);
        await tree.AddAsync(P("/room1/alice"), ["pi1", "pi2", "pi3"], default);
        await tree.AddAsync(P("/room1/alice/g1"), ["pi1", "pi2"], default);
        await tree.GrantAsync(P("/room1/alice"), "alice-password", default);
        _resolver = _cluster.Brain.Services.GetRequiredService<TargetResolver>();
        _scopes = _cluster.Brain.Services.GetRequiredService<ScopeFactory>();
        _admin = await _scopes.CreateAsync(WorkgroupPath.Root, null, "t", "test", default);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("ALL")]
    [InlineData("@all")]
    [InlineData("@ALL")]
    [InlineData("@")]
    public async Task AllAliases_ExpandToEveryNodeOfTheCurrentPath(string alias)
    {
        Assert.Equal(["alpha", "beta", "gamma", "pi1", "pi2", "pi3", "pi4"], (await Resolve(_admin, alias)).Nodes);
        var alice = await _scopes.CreateAsync(P("/room1/alice"), "/room1/alice/g1", "t", "test", default);
        Assert.Equal(["pi1", "pi2"], (await Resolve(alice, alias)).Nodes);
    }

    [Fact]
    public async Task NamesAndCommas_KeepOrderAndDropDuplicates() =>
        Assert.Equal(["gamma", "alpha", "beta"], (await Resolve(_admin, "gamma,alpha", "gamma", " beta ")).Nodes);

    [Fact]
    public async Task Groups_ResolveRelativeToTheCurrentPath()
    {
        // The original's README: at /room1, '@alice pi4' is pi1 pi2 pi3 pi4.
        var room1 = await _scopes.CreateAsync(WorkgroupPath.Root, "/room1", "t", "test", default);
        Assert.Equal(["pi1", "pi2", "pi3", "pi4"], (await Resolve(room1, "@alice", "pi4")).Nodes);
        Assert.Equal(["pi1", "pi2"], (await Resolve(room1, "@alice/g1")).Nodes);
        Assert.Equal(["pi1", "pi2"], (await Resolve(_admin, "@/room1/alice/g1")).Nodes);
    }

    [Fact]
    public async Task OutsideTheAccount_IsForbidden_WithoutSayingWhetherTheNodeExists()
    {
        var alice = await _scopes.CreateAsync(P("/room1/alice"), null, "t", "test", default);

        var resolution = await Resolve(alice, "pi1", "pi4", "nosuchnode", "@..");

        Assert.False(resolution.IsValid);
        Assert.Equal(
            ["pi4 is not in your workgroup /room1/alice", "nosuchnode is not in your workgroup /room1/alice", "@..: /room1 is outside your account /room1/alice"],
            resolution.Forbidden);
        Assert.Equal(403, ((IStatusCodeHttpResult)resolution.ToProblem()).StatusCode);
    }

    [Fact]
    public async Task BadEntries_NameEachOne()
    {
        var resolution = await Resolve(_admin, "alpha", "ghost", "$(reboot)", "@lab");

        Assert.False(resolution.IsValid);
        Assert.Empty(resolution.Forbidden);
        Assert.Equal(3, resolution.Invalid.Count);
        Assert.Contains("ghost: unknown node", resolution.Invalid);
        Assert.Contains(resolution.Invalid, e => e.StartsWith("$(reboot): not a valid node name", StringComparison.Ordinal));
        Assert.Contains(resolution.Invalid, e => e.StartsWith("@lab: no workgroup /lab", StringComparison.Ordinal));
        Assert.Equal(400, ((IStatusCodeHttpResult)resolution.ToProblem()).StatusCode);
    }

    [Fact]
    public async Task Empty_IsAllOnlyWhenAllowed()
    {
        Assert.Equal(7, (await _resolver.ResolveAsync([], emptyMeansAll: true, _admin, default)).Nodes.Count);
        Assert.False((await _resolver.ResolveAsync([], emptyMeansAll: false, _admin, default)).IsValid);
    }

    private Task<TargetResolution> Resolve(CallerScope scope, params string[] targets) =>
        _resolver.ResolveAsync(targets, emptyMeansAll: false, scope, default);

    private static WorkgroupPath P(string path) => WorkgroupPath.Parse(path);
}
