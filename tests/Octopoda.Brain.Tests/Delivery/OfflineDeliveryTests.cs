using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>Tasks for nodes that are away: they wait within their time-to-live, run once in order, or expire.</summary>
public sealed class OfflineDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _markers = new("markers");
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _markers.Dispose();
    }

    [Fact]
    public async Task TwentyTtlTasks_ToStoppedTentacle_RunAfterItStarts_InSubmissionOrder_EachOnce()
    {
        await _cluster.StopTentacleAsync("node2");
        var file = Path.Combine(_markers.Path, "order.txt");
        var ids = new List<string>();
        for (var i = 1; i <= 20; i++)
        {
            var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest
            {
                Command = $"echo {i} >> '{file}'",
                Targets = ["node2"],
                TtlSeconds = 300,
            });
            ids.Add(Assert.Single(submission.Tasks).Id);
        }

        Assert.All(await Task.WhenAll(ids.Select(id => _cluster.Client.GetTaskAsync(id))), t => Assert.Equal(TaskState.Queued, t.State));
        Assert.False(File.Exists(file));

        await _cluster.StartTentacleAsync("node2");
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(ids.Select(id => _cluster.Client.GetTaskAsync(id)))).All(t => t.State.IsFinal()),
            Wait,
            "all 20 tasks to finish");

        Assert.All(await Task.WhenAll(ids.Select(id => _cluster.Client.GetTaskAsync(id))), t => Assert.Equal(TaskState.Succeeded, t.State));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), await File.ReadAllLinesAsync(file));
    }

    [Fact]
    public async Task TtlPassesWhileNodeIsAway_TaskEndsExpired_AndNeverRuns()
    {
        await _cluster.StopTentacleAsync("node2");
        var marker = Path.Combine(_markers.Path, "expired.txt");
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = $"touch '{marker}'", Targets = ["node2"], TtlSeconds = 1 });
        var id = Assert.Single(submission.Tasks).Id;

        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(id)).State == TaskState.Expired, Wait, "the task to expire");
        var task = await _cluster.Client.GetTaskAsync(id);
        Assert.Contains("time-to-live", task.Error, StringComparison.Ordinal);

        await _cluster.StartTentacleAsync("node2");
        await RunAndWaitAsync("true", "node2");
        Assert.False(File.Exists(marker), "an expired task must never run");
    }

    [Fact]
    public async Task InteractiveRun_ToStoppedNode_IsReportedAtOnce()
    {
        await _cluster.StopTentacleAsync("node2");
        await _cluster.WaitForStateAsync(NodeState.Unstable, Wait, "node2");

        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["node1", "node2"] });

        var offline = submission.Tasks.Single(t => t.Node == "node2");
        Assert.Equal(TaskState.Expired, offline.State);
        Assert.Contains("--ttl", (await _cluster.Client.GetTaskAsync(offline.Id)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledWhileQueued_NeverRunsWhenTheNodeReturns()
    {
        await _cluster.StopTentacleAsync("node2");
        var marker = Path.Combine(_markers.Path, "cancelled.txt");
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = $"touch '{marker}'", Targets = ["node2"], TtlSeconds = 300 });
        var id = Assert.Single(submission.Tasks).Id;

        var cancelled = await _cluster.Client.CancelTaskAsync(id[..8]);
        Assert.Equal(TaskState.Cancelled, cancelled.State);

        await _cluster.StartTentacleAsync("node2");
        await RunAndWaitAsync("true", "node2");
        Assert.False(File.Exists(marker), "a cancelled task must never run");
        Assert.Equal(TaskState.Cancelled, (await _cluster.Client.GetTaskAsync(id)).State);
    }

    private async Task RunAndWaitAsync(string command, string node)
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = command, Targets = [node] });
        var task = await _cluster.Client.WaitTaskAsync(Assert.Single(submission.Tasks).Id, Wait);
        Assert.Equal(TaskState.Succeeded, task.State);
    }
}
