using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Store;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>Finding tasks: lists with filters, ids by unique prefix, clear errors for unknown and ambiguous ids.</summary>
public sealed class TaskApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task List_FiltersByNodeAndState_NewestFirst_WithoutOutput()
    {
        var first = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo one", Targets = ["@all"] });
        var second = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "exit 4", Targets = ["node1"] });
        await _cluster.Client.WaitTaskAsync(second.Tasks[0].Id, Wait);
        foreach (var task in first.Tasks)
        {
            await _cluster.Client.WaitTaskAsync(task.Id, Wait);
        }

        var node1 = await _cluster.Client.ListTasksAsync(node: "node1");
        Assert.Equal([second.Tasks[0].Id, first.Tasks.Single(t => t.Node == "node1").Id], node1.Tasks.Select(t => t.Id));
        Assert.All(node1.Tasks, t => Assert.Equal("", t.Stdout));
        Assert.Equal("echo one", node1.Tasks[1].Description);

        var failed = await _cluster.Client.ListTasksAsync(state: "failed");
        Assert.Equal(second.Tasks[0].Id, Assert.Single(failed.Tasks).Id);

        var limited = await _cluster.Client.ListTasksAsync(limit: 1);
        Assert.Single(limited.Tasks);
        Assert.True(limited.More);
    }

    [Fact]
    public async Task Get_ByUniquePrefix_ReturnsTheTask_AndAmbiguousPrefixListsCandidates()
    {
        await InsertAsync("abcd0000000000000000000000000001", "abcd1111111111111111111111111111");

        var task = await _cluster.Client.GetTaskAsync("abcd0");
        Assert.Equal("abcd0000000000000000000000000001", task.Id);

        var ambiguous = await Assert.ThrowsAsync<OctopodaApiException>(() => _cluster.Client.GetTaskAsync("ABCD"));
        Assert.Equal(409, (int)ambiguous.StatusCode);
        var candidates = ambiguous.Problem?.Errors?["candidates"];
        Assert.NotNull(candidates);
        Assert.Equal(2, candidates.Length);
        Assert.Contains(candidates, c => c.StartsWith("abcd1111111111111111111111111111 (node1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ffff", 404)]
    [InlineData("not-an-id", 404)]
    [InlineData("ab", 400)]
    public async Task Get_UnknownOrTooShortId_IsAClearError(string id, int status)
    {
        var error = await Assert.ThrowsAsync<OctopodaApiException>(() => _cluster.Client.GetTaskAsync(id));

        Assert.Equal(status, (int)error.StatusCode);
        Assert.Contains("octl task list", error.Problem?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliveryMetrics_CountTasksByState_AndDispatchLatency()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["@all"] });
        foreach (var task in submission.Tasks)
        {
            await _cluster.Client.WaitTaskAsync(task.Id, Wait);
        }

        var metrics = await _cluster.Client.GetDeliveryMetricsAsync();

        Assert.True(metrics.TasksByState["succeeded"] >= 2);
        Assert.True(metrics.Dispatched >= 2);
        Assert.True(metrics.DispatchLatency.Count >= 2);
        Assert.NotNull(metrics.CompletionLatency.P50Ms);
    }

    private async Task InsertAsync(params string[] ids)
    {
        var dbFactory = _cluster.Brain.Services.GetRequiredService<IDbContextFactory<BrainDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var id in ids)
        {
            db.Tasks.Add(new TaskRecord
            {
                Id = id,
                BatchId = id,
                NodeName = "node1",
                Kind = TaskKinds.Command,
                Payload = "{}",
                Description = "crafted",
                State = TaskState.Succeeded,
                CreatedAt = DateTimeOffset.UtcNow,
                FinishedAt = DateTimeOffset.UtcNow,
            });
        }

        await db.SaveChangesAsync();
    }
}
