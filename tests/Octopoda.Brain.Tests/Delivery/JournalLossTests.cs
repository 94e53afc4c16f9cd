using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>A Tentacle whose journal is corrupt starts anyway, and the Brain learns which tasks that affected.</summary>
public sealed class JournalLossTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CorruptJournal_IsMovedAside_TentacleStarts_AndItsOpenTasksEndLostWithTheReason()
    {
        var running = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "sleep 60", Targets = ["node1"], Parallel = true });
        var waiting = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "sleep 61", Targets = ["node1"], Parallel = true, DelaySeconds = 600 });
        var runningId = running.Tasks[0].Id;
        var waitingId = waiting.Tasks[0].Id;
        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(runningId)).State == TaskState.Running, Wait, "the task to run");
        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(waitingId)).State == TaskState.Accepted, Wait, "the delayed task to be accepted");

        await _cluster.StopTentacleAsync("node1");
        var journal = Path.Combine(_cluster.TentacleDataDirectory("node1"), "journal.db");
        foreach (var file in new[] { journal + "-wal", journal + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        await File.WriteAllBytesAsync(journal, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);
        await _cluster.StartTentacleAsync("node1");

        var lost = await _cluster.Client.WaitTaskAsync(waitingId, Wait);
        Assert.Equal(TaskState.Lost, lost.State);
        Assert.Contains("journal", lost.Error, StringComparison.Ordinal);
        Assert.Equal(TaskState.Lost, (await _cluster.Client.WaitTaskAsync(runningId, Wait)).State);
        Assert.Contains(Directory.GetFiles(_cluster.TentacleDataDirectory("node1")), f => Path.GetFileName(f).StartsWith("journal.db.corrupt-", StringComparison.Ordinal));

        // The node works on with a fresh journal.
        var after = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo fine", Targets = ["node1"] });
        Assert.Equal(TaskState.Succeeded, (await _cluster.Client.WaitTaskAsync(after.Tasks[0].Id, Wait)).State);
    }
}
