using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Cluster;

public sealed class CommandRunTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RunCommand_AllNodes_EachNodeReportsItsOutput()
    {
        var results = await RunAsync(new RunCommandRequest { Command = "echo hello from $OCTOPODA_NODENAME", Targets = ["@all"] });

        Assert.Equal(["node1", "node2", "node3"], results.Select(r => r.Node).Order());
        Assert.All(results, r =>
        {
            Assert.Equal(TaskState.Succeeded, r.State);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal($"hello from {r.Node}\n", r.Stdout);
            Assert.NotNull(r.DurationMs);
        });
    }

    [Fact]
    public async Task RunCommand_NonZeroExit_RecordsExitCodeAndStderr()
    {
        var result = Assert.Single(await RunAsync(new RunCommandRequest { Command = "echo oops >&2; exit 3", Targets = ["node1"] }));

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task RunScript_RunsTheScriptText()
    {
        var result = Assert.Single(await RunAsync(new RunCommandRequest
        {
            Script = "#!/bin/bash\nset -e\nx=$((6*7))\necho \"answer $x in $OCTOPODA_FILENAME\"\n",
            ScriptName = "calc.sh",
            Targets = ["node2"],
        }));

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal("answer 42 in calc.sh\n", result.Stdout);
    }

    [Fact]
    public async Task RunCommand_Background_ReturnsTheProcessId()
    {
        var result = Assert.Single(await RunAsync(new RunCommandRequest { Command = "sleep 1", Background = true, Targets = ["node1"] }));

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.True(int.TryParse(result.Stdout.Trim(), out var pid) && pid > 1, $"expected a PID, got '{result.Stdout}'");
    }

    [Fact]
    public async Task RunCommand_UnknownAndInvalidTargets_RejectedBeforeAnythingRuns()
    {
        var error = await Assert.ThrowsAsync<OctopodaApiException>(() =>
            _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "touch /tmp/should-not-exist", Targets = ["node1", "ghost", "bad name;rm"] }));

        Assert.Equal(400, error.StatusCode);
        var errors = error.Problem!.Errors!["targets"];
        Assert.Contains(errors, e => e.StartsWith("ghost: unknown node", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("bad name;rm: not a valid node name", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("node1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunCommand_OfflineNodeWithoutTtl_ExpiresAtOnce()
    {
        await _cluster.StopTentacleAsync("node3");

        var results = await RunAsync(new RunCommandRequest { Command = "true", Targets = ["node1", "node3"] });

        Assert.Equal(TaskState.Succeeded, results.Single(r => r.Node == "node1").State);
        var offline = results.Single(r => r.Node == "node3");
        Assert.Equal(TaskState.Expired, offline.State);
        Assert.Contains("not connected", offline.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_WithTtl_WaitsForTheNodeToReturn()
    {
        await _cluster.StopTentacleAsync("node2");
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo back", Targets = ["node2"], TtlSeconds = 60 });
        Assert.Equal(TaskState.Queued, Assert.Single(submission.Tasks).State);

        await _cluster.StartTentacleAsync("node2");

        var result = Assert.Single(await CollectAsync(submission.BatchId));
        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal("back\n", result.Stdout);
    }

    [Fact]
    public async Task RunCommand_ManyTasksToOneNode_RunInSubmissionOrder()
    {
        var batches = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            batches.Add((await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = $"echo {i} >> order.txt", Targets = ["node1"] })).BatchId);
        }

        foreach (var batch in batches)
        {
            await CollectAsync(batch);
        }

        var check = Assert.Single(await RunAsync(new RunCommandRequest { Command = "cat order.txt", Targets = ["node1"] }));
        Assert.Equal(string.Join("", Enumerable.Range(0, 10).Select(i => $"{i}\n")), check.Stdout);
    }

    [Fact]
    public async Task TentacleRestartedDuringTask_TaskEndsLostWithTheReason()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "sleep 60", Targets = ["node3"] });
        var id = Assert.Single(submission.Tasks).Id;
        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(id)).State == TaskState.Running, Wait, "the task to run");

        await _cluster.StopTentacleAsync("node3");
        await _cluster.StartTentacleAsync("node3");

        var result = Assert.Single(await CollectAsync(submission.BatchId));
        Assert.Equal(TaskState.Lost, result.State);
        // Reported by the Tentacle itself from its journal after the restart, never left running.
        Assert.Contains("Tentacle", result.Error, StringComparison.Ordinal);
    }

    private async Task<List<TaskView>> RunAsync(RunCommandRequest request)
    {
        var submission = await _cluster.Client.RunCommandAsync(request);
        return await CollectAsync(submission.BatchId);
    }

    private async Task<List<TaskView>> CollectAsync(string batchId)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var results = new List<TaskView>();
        await foreach (var task in _cluster.Client.WaitBatchAsync(batchId, Wait, timeout.Token))
        {
            results.Add(task);
        }

        return results;
    }
}
