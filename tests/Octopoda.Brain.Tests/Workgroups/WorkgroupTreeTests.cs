using Octopoda.Brain.Api;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Workgroups;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Workgroups;

/// <summary>The workgroup tree against the real store: membership follows the parent, removal cascades, accounts hash their passwords.</summary>
public sealed class WorkgroupTreeTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private WorkgroupTree _tree = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(4);
        _tree = _cluster.Brain.Services.GetRequiredService<WorkgroupTree>();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Root_HoldsEveryEnrolledNode() =>
        Assert.Equal(["node1", "node2", "node3", "node4"], await _tree.MembersAsync(WorkgroupPath.Root, default));

    [Fact]
    public async Task Add_CreatesTheGroup_AndMembersMustBeInTheParent()
    {
        await _tree.AddAsync(P("/room1"), ["node1", "node2", "node3"], default);
        await _tree.AddAsync(P("/room1/alice"), ["node1", "node2"], default);

        var outside = await Assert.ThrowsAsync<RequestRefusedException>(() => _tree.AddAsync(P("/room1/alice/g1"), ["node1", "node3"], default));
        Assert.Contains("node3 is not in /room1/alice", outside.Message, StringComparison.Ordinal);
        Assert.False(await _tree.ExistsAsync(P("/room1/alice/g1"), default));

        var orphan = await Assert.ThrowsAsync<RequestRefusedException>(() => _tree.AddAsync(P("/nowhere/g1"), ["node1"], default));
        Assert.Equal(404, orphan.Status);

        var unknown = await Assert.ThrowsAsync<RequestRefusedException>(() => _tree.AddAsync(P("/room2"), ["node9"], default));
        Assert.Contains("not enrolled", unknown.Message, StringComparison.Ordinal);

        Assert.Equal(["node1", "node2"], await _tree.MembersAsync(P("/room1/alice"), default));
        Assert.Equal([P("/room1/alice")], await _tree.ChildrenAsync(P("/room1"), default));
        Assert.Equal([P("/room1")], await _tree.ChildrenAsync(WorkgroupPath.Root, default));
    }

    [Fact]
    public async Task Remove_CascadesToEveryDescendant_AndEmptyingAGroupRemovesItsSubtree()
    {
        await _tree.AddAsync(P("/room1"), ["node1", "node2", "node3"], default);
        await _tree.AddAsync(P("/room1/alice"), ["node1", "node2"], default);
        await _tree.AddAsync(P("/room1/alice/g1"), ["node2"], default);

        await _tree.RemoveAsync(P("/room1"), ["node2"], default);
        Assert.Equal(["node1", "node3"], await _tree.MembersAsync(P("/room1"), default));
        Assert.Equal(["node1"], await _tree.MembersAsync(P("/room1/alice"), default));
        Assert.Empty(await _tree.MembersAsync(P("/room1/alice/g1"), default));

        var stranger = await Assert.ThrowsAsync<RequestRefusedException>(() => _tree.RemoveAsync(P("/room1"), ["node4"], default));
        Assert.Contains("nothing was removed", stranger.Message, StringComparison.Ordinal);

        await _tree.RemoveAsync(P("/room1/alice"), ["node1"], default);
        Assert.False(await _tree.ExistsAsync(P("/room1/alice"), default));
        Assert.False(await _tree.ExistsAsync(P("/room1/alice/g1"), default));
        Assert.True(await _tree.ExistsAsync(P("/room1"), default));
    }

    [Fact]
    public async Task Grant_MakesAnAccount_WithAHashedPasswordOfEightOrMoreCharacters()
    {
        await _tree.AddAsync(P("/room1"), ["node1"], default);

        var weak = await Assert.ThrowsAsync<RequestRefusedException>(() => _tree.GrantAsync(P("/room1"), "short", default));
        Assert.Equal(400, weak.Status);
        Assert.False(await _tree.VerifyAsync(P("/room1"), "short", default));

        await _tree.GrantAsync(P("/room1"), "room1-secret", default);
        Assert.True(await _tree.VerifyAsync(P("/room1"), "room1-secret", default));
        Assert.False(await _tree.VerifyAsync(P("/room1"), "room1-secreT", default));
        Assert.False(await _tree.VerifyAsync(P("/room2"), "room1-secret", default));

        var store = await File.ReadAllBytesAsync(Path.Combine(_cluster.DataRoot, "brain", "brain.db"));
        Assert.DoesNotContain("room1-secret", System.Text.Encoding.UTF8.GetString(store), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgetNodes_RemovesPrunedNodesFromEveryGroup()
    {
        await _tree.AddAsync(P("/room1"), ["node1", "node2"], default);
        await _tree.AddAsync(P("/room1/alice"), ["node2"], default);

        await _tree.ForgetNodesAsync(["node2"], default);

        Assert.Equal(["node1"], await _tree.MembersAsync(P("/room1"), default));
        Assert.Empty(await _tree.MembersAsync(P("/room1/alice"), default));
    }

    private static WorkgroupPath P(string path) => WorkgroupPath.Parse(path);
}
