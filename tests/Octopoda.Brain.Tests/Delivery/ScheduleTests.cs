using Octopoda.Protocol.Api;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary><c>--every … --for …</c>: repeated runs, kept across a Brain restart, stoppable.</summary>
public sealed class ScheduleTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Schedule_RunsEveryInterval_ContinuesAfterBrainRestart_AndStops()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest
        {
            Command = "echo tick",
            Targets = ["node1"],
            EverySeconds = 1,
            ForSeconds = 600,
        });
        var scheduleId = Assert.IsType<string>(submission.ScheduleId);

        await Eventually.TrueAsync(async () => (await RunsAsync(scheduleId)) >= 3, Wait, "three runs");
        await _cluster.RestartBrainAsync();
        var afterRestart = await RunsAsync(scheduleId);
        await Eventually.TrueAsync(async () => (await RunsAsync(scheduleId)) >= afterRestart + 2, Wait, "two more runs after the restart");

        var tasks = await _cluster.Client.ListTasksAsync(node: "node1", limit: 1000);
        Assert.True(tasks.Tasks.Count(t => t.ScheduleId == scheduleId) >= 5);

        var stopped = await _cluster.Client.StopScheduleAsync(scheduleId);
        Assert.True(stopped.Ended);
        var runs = await RunsAsync(scheduleId);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(runs, await RunsAsync(scheduleId));
    }

    [Fact]
    public async Task Schedule_EndsWhenItsTimeIsUp()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["node1"], EverySeconds = 1, ForSeconds = 2 });

        await Eventually.TrueAsync(
            async () => (await _cluster.Client.ListSchedulesAsync()).Single(s => s.Id == submission.ScheduleId).Ended,
            Wait,
            "the schedule to end");
        var schedule = (await _cluster.Client.ListSchedulesAsync()).Single(s => s.Id == submission.ScheduleId);
        Assert.InRange(schedule.Runs, 2, 3);
        Assert.Null(schedule.NextRunAt);
    }

    private async Task<int> RunsAsync(string id) => (await _cluster.Client.ListSchedulesAsync()).Single(s => s.Id == id).Runs;
}
