using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Enrollment;
using Octopoda.Brain.Store;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Store;

/// <summary>The same storage behaviour on SQLite and on PostgreSQL (./test.sh provides the server).</summary>
public sealed class StoreTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Cluster_OnEachStore_RunsCommandsAndKeepsResultsAcrossBrainRestart(StoreProvider provider)
    {
        await using var store = new StoreFixture();
        await using var cluster = await TestCluster.StartAsync(2, await store.ConfigureAsync(provider));

        var submission = await cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "printf 'x%.0s' $(seq 1 3)", Targets = ["@all"] });
        await DrainAsync(cluster, submission.BatchId);
        await cluster.RestartBrainAsync();

        var batch = await cluster.Client.GetBatchAsync(submission.BatchId);
        Assert.Equal(2, batch.Count);
        Assert.All(batch, t =>
        {
            Assert.Equal(TaskState.Succeeded, t.State);
            Assert.Equal("xxx", t.Stdout);
            Assert.NotNull(t.FinishedAt);
        });
        await cluster.WaitForStateAsync(NodeState.Online, TimeSpan.FromSeconds(30), "node1", "node2");
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task JoinToken_WithOneUse_AllowsExactlyOneEnrolment(StoreProvider provider)
    {
        await using var store = new StoreFixture();
        await using var cluster = await TestCluster.StartAsync(0, await store.ConfigureAsync(provider));
        var tokens = cluster.Brain.Services.GetRequiredService<JoinTokenService>();
        var token = await tokens.CreateAsync(1, TimeSpan.FromHours(1), "test", CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tokens.TrySpendAsync(token.Secret, CancellationToken.None)));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Contains("used up", o, StringComparison.Ordinal));
        Assert.Contains("not known", await tokens.TrySpendAsync("nonsense-secret-value", CancellationToken.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task TaskUpdates_OnlyMoveForward_AndFinalStateIsKept(StoreProvider provider)
    {
        await using var store = new StoreFixture();
        await using var cluster = await TestCluster.StartAsync(0, await store.ConfigureAsync(provider));
        var dbFactory = cluster.Brain.Services.GetRequiredService<IDbContextFactory<BrainDbContext>>();
        var writer = cluster.Brain.Services.GetRequiredService<TaskUpdateWriter>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Tasks.Add(new TaskRecord { Id = "t1", BatchId = "b1", NodeName = "n", Kind = TaskKinds.Command, Payload = "{}", State = TaskState.Dispatched, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var finished = new TaskUpdate.Finished(new TaskResult { TaskId = "t1", State = TaskState.Failed, ExitCode = 7, Stderr = "bad", FinishedAtUnixMs = now.ToUnixTimeMilliseconds() }, now, now);
        foreach (var update in new TaskUpdate[] { new TaskUpdate.Accepted("t1", now), new TaskUpdate.Started("t1", now), finished, new TaskUpdate.Accepted("t1", now) })
        {
            writer.Enqueue(update);
            await update.Committed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        await using var check = await dbFactory.CreateDbContextAsync();
        var task = await check.Tasks.SingleAsync(t => t.Id == "t1");
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Equal(7, task.ExitCode);
        Assert.Equal("bad", task.Stderr);
        Assert.NotNull(task.AcceptedAt);
        Assert.NotNull(task.StartedAt);
    }

    private static async Task DrainAsync(TestCluster cluster, string batchId)
    {
        await foreach (var _ in cluster.Client.WaitBatchAsync(batchId, TimeSpan.FromSeconds(30)))
        {
        }
    }
}
