using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Enrollment;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Cluster;

/// <summary>The documented thresholds: unstable at once when a link drops, offline after 10 s; reconnection without re-enrolment.</summary>
public sealed class NodeLivenessTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task NodeGet_AllConnected_ListsEveryNodeOnlineWithDelay()
    {
        var nodes = await _cluster.Client.GetNodesAsync(null, null);

        Assert.Equal(["node1", "node2", "node3"], nodes.Nodes.Select(n => n.Name));
        Assert.All(nodes.Nodes, n =>
        {
            Assert.Equal(NodeState.Online, n.State);
            Assert.Equal("127.0.0.1", n.Address);
            Assert.Equal("linux-x64", n.Platform);
            Assert.NotNull(n.OnlineSince);
        });
        Assert.Equal(3, nodes.Online);
        await Eventually.TrueAsync(
            async () => (await _cluster.Client.GetNodesAsync(["node1"], null)).Nodes[0].DelayMs is >= 0,
            TimeSpan.FromSeconds(10),
            "node1's heartbeat delay estimate");
    }

    [Fact]
    public async Task StoppedTentacle_TurnsUnstableThenOffline_AndReturnsWithoutReenrolling()
    {
        var identityFile = Path.Combine(NodeIdentity.DirectoryOf(Path.Combine(_cluster.DataRoot, "tentacles", "node2")), "node.crt");
        var certificateBefore = await File.ReadAllTextAsync(identityFile);

        await _cluster.StopTentacleAsync("node2");
        await _cluster.WaitForStateAsync(NodeState.Unstable, TimeSpan.FromSeconds(3), "node2");
        var stoppedAt = DateTimeOffset.UtcNow;
        await _cluster.WaitForStateAsync(NodeState.Offline, TimeSpan.FromSeconds(15), "node2");
        var offlineAfter = DateTimeOffset.UtcNow - stoppedAt;
        Assert.InRange(offlineAfter, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));

        await _cluster.StartTentacleAsync("node2");
        await _cluster.WaitForStateAsync(NodeState.Online, TimeSpan.FromSeconds(10), "node2");
        Assert.Equal(certificateBefore, await File.ReadAllTextAsync(identityFile));
    }

    [Fact]
    public async Task FilterByState_KeepsOnlyMatchingNodes()
    {
        await _cluster.StopTentacleAsync("node3");
        await _cluster.WaitForStateAsync(NodeState.Unstable, TimeSpan.FromSeconds(3), "node3");

        var unstable = await _cluster.Client.GetNodesAsync(null, "UNSTA");

        Assert.Equal("node3", Assert.Single(unstable.Nodes).Name);
    }

    [Fact]
    public async Task BrainRestart_AllTentaclesReconnectByThemselves()
    {
        await _cluster.RestartBrainAsync();

        await _cluster.WaitForStateAsync(NodeState.Online, TimeSpan.FromSeconds(30), "node1", "node2", "node3");
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo still here", Targets = ["@all"] });
        var results = new List<TaskView>();
        await foreach (var task in _cluster.Client.WaitBatchAsync(submission.BatchId, TimeSpan.FromSeconds(30)))
        {
            results.Add(task);
        }

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(TaskState.Succeeded, r.State));
    }

    [Fact]
    public async Task Prune_ForgetsOfflineNodesOnly()
    {
        await _cluster.StopTentacleAsync("node3");
        await _cluster.WaitForStateAsync(NodeState.Offline, TimeSpan.FromSeconds(15), "node3");

        var pruned = await _cluster.Client.PruneNodesAsync(["ALL"]);

        Assert.Equal(["node3"], pruned.Pruned);
        Assert.Equal(["node1", "node2"], pruned.Kept.Order());
        Assert.Equal(["node1", "node2"], (await _cluster.Client.GetNodesAsync(null, null)).Nodes.Select(n => n.Name));
    }

    [Fact]
    public async Task NodeStatus_ReportsResourcesFromEachNode()
    {
        var status = await _cluster.Client.GetNodeStatusAsync(["node1", "node2"]);

        Assert.Equal(2, status.Nodes.Count);
        Assert.All(status.Nodes, entry =>
        {
            Assert.Null(entry.Error);
            var sample = Assert.IsType<NodeStatus>(entry.Status);
            Assert.True(sample.CpuCores >= 1);
            Assert.InRange(sample.MemoryUsedBytes, 1, sample.MemoryTotalBytes);
            Assert.True(sample.DiskRootTotalBytes > 0);
        });
        Assert.InRange(status.AverageMemoryUsage, 0.01, 100);
    }
}
