using System.Globalization;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>A timeout or a cancel stops every process a task started, including those it put in the background.</summary>
public sealed class ProcessTreeTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Timeout_KillsTheWholeProcessTree()
    {
        var sleep = UniqueSleep();
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest
        {
            Command = $"sleep {sleep} & sleep {sleep}",
            Targets = ["node1"],
            TimeoutSeconds = 2,
        });

        var task = await _cluster.Client.WaitTaskAsync(Assert.Single(submission.Tasks).Id, Wait);

        Assert.Equal(TaskState.Failed, task.State);
        Assert.Contains("timed out", task.Error, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => ProcessTable.WithArgument(sleep).Count == 0, TimeSpan.FromSeconds(5), $"no 'sleep {sleep}' left");
    }

    [Fact]
    public async Task Cancel_KillsTheWholeProcessTree()
    {
        var sleep = UniqueSleep();
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = $"sleep {sleep} & sleep {sleep}", Targets = ["node1"] });
        var id = Assert.Single(submission.Tasks).Id;
        await Eventually.TrueAsync(() => ProcessTable.WithArgument(sleep).Count == 2, Wait, "both sleeps to start");

        await _cluster.Client.CancelTaskAsync(id);
        var task = await _cluster.Client.WaitTaskAsync(id, Wait);

        Assert.Equal(TaskState.Cancelled, task.State);
        await Eventually.TrueAsync(() => ProcessTable.WithArgument(sleep).Count == 0, TimeSpan.FromSeconds(5), $"no 'sleep {sleep}' left");
    }

    [Fact]
    public async Task CancelBatch_CancelsEveryOpenTask()
    {
        var sleep = UniqueSleep();
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = $"sleep {sleep}", Targets = ["node1"] });
        var queued = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo never", Targets = ["node1"] });
        await Eventually.TrueAsync(() => ProcessTable.WithArgument(sleep).Count == 1, Wait, "the sleep to start");

        await _cluster.Client.CancelBatchAsync(queued.BatchId);
        await _cluster.Client.CancelBatchAsync(submission.BatchId);

        Assert.Equal(TaskState.Cancelled, (await _cluster.Client.WaitTaskAsync(submission.Tasks[0].Id, Wait)).State);
        var second = await _cluster.Client.WaitTaskAsync(queued.Tasks[0].Id, Wait);
        Assert.Equal(TaskState.Cancelled, second.State);
        Assert.Equal("", second.Stdout);
    }

    // A sleep argument no other process has, so the test finds exactly its own processes.
    private static string UniqueSleep() =>
        "100." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
}
