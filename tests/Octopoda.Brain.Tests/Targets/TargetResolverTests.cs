using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Targets;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Targets;

public sealed class TargetResolverTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private TargetResolver _resolver = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(0);
        var nodes = _cluster.Brain.Services.GetRequiredService<NodeRegistry>();
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            nodes.GetOrAdd(name);
        }

        _resolver = _cluster.Brain.Services.GetRequiredService<TargetResolver>();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("ALL")]
    [InlineData("@all")]
    [InlineData("@ALL")]
    [InlineData("@")]
    public void Resolve_AllAliases_ExpandToEveryNodeSorted(string alias)
    {
        var resolution = _resolver.Resolve([alias], emptyMeansAll: false);

        Assert.True(resolution.IsValid);
        Assert.Equal(["alpha", "beta", "gamma"], resolution.Nodes);
    }

    [Fact]
    public void Resolve_NamesAndCommas_KeepsOrderAndDropsDuplicates()
    {
        var resolution = _resolver.Resolve(["gamma,alpha", "gamma", " beta "], emptyMeansAll: false);

        Assert.Equal(["gamma", "alpha", "beta"], resolution.Nodes);
    }

    [Fact]
    public void Resolve_BadEntries_NameEachOne()
    {
        var resolution = _resolver.Resolve(["alpha", "ghost", "$(reboot)", "@lab"], emptyMeansAll: false);

        Assert.False(resolution.IsValid);
        Assert.Equal(3, resolution.Invalid.Count);
        Assert.Contains("ghost: unknown node", resolution.Invalid);
        Assert.Contains(resolution.Invalid, e => e.StartsWith("$(reboot): not a valid node name", StringComparison.Ordinal));
        Assert.Contains(resolution.Invalid, e => e.StartsWith("@lab: unknown group", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_Empty_IsAllOnlyWhenAllowed()
    {
        Assert.Equal(3, _resolver.Resolve([], emptyMeansAll: true).Nodes.Count);
        Assert.False(_resolver.Resolve([], emptyMeansAll: false).IsValid);
    }
}
