using System.Text;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>Output of running tasks streams to API clients, each character once and in order, across link cuts.</summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task StreamTask_DeliversOutputWhileRunning_ThenTheFinalState()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest
        {
            Command = "for i in $(seq 1 20); do echo line $i; echo err $i >&2; sleep 0.1; done; exit 3",
            Targets = ["node1"],
        });
        var id = Assert.Single(submission.Tasks).Id;

        var collected = await CollectAsync(_cluster.Client.StreamTaskAsync(id), Wait);

        Assert.True(collected.OutputEventsBeforeFinal >= 2, $"output should stream while the task runs (got {collected.OutputEventsBeforeFinal} chunks)");
        var final = Assert.Single(collected.Finals);
        Assert.Equal(TaskState.Failed, final.State);
        Assert.Equal(3, final.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n")), collected.Stdout[id].ToString());
        Assert.Equal(final.Stdout, collected.Stdout[id].ToString());
        Assert.Equal(final.Stderr, collected.Stderr[id].ToString());
    }

    [Fact]
    public async Task StreamBatch_ShortTasks_ArriveWhole()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo hi from $OCTOPODA_NODENAME", Targets = ["@all"] });

        var collected = await CollectAsync(_cluster.Client.StreamBatchAsync(submission.BatchId), Wait);

        Assert.Equal(2, collected.Finals.Count);
        foreach (var task in submission.Tasks)
        {
            Assert.Equal($"hi from {task.Node}\n", collected.Stdout[task.Id].ToString());
        }
    }

    /// <summary>
    /// The fault test: a proxy between Tentacle and Brain drops the link for 30 s in the middle of a
    /// streaming command. The follower gets every line once, in order, and the exit code is recorded.
    /// </summary>
    [Fact]
    public async Task LinkCutFor30Seconds_MidStream_OutputArrivesCompleteWithoutDuplicates()
    {
        await using var proxy = TcpProxy.Start(_cluster.BrainAddress);
        await _cluster.StopTentacleAsync("node2");
        await _cluster.StartTentacleAsync("node2", proxy.AddressFor(_cluster.BrainAddress));
        const int Lines = 45;
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest
        {
            Command = $"for i in $(seq 1 {Lines}); do echo line $i; sleep 1; done; exit 7",
            Targets = ["node2"],
        });
        var id = Assert.Single(submission.Tasks).Id;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var follow = CollectAsync(_cluster.Client.StreamTaskAsync(id, timeout.Token), TimeSpan.FromSeconds(150));
        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(id)).State == TaskState.Running, Wait, "the task to run");
        await Task.Delay(TimeSpan.FromSeconds(5));

        proxy.Cut();
        await _cluster.WaitForStateAsync(NodeState.Offline, TimeSpan.FromSeconds(20), "node2");
        await Task.Delay(TimeSpan.FromSeconds(30) - TimeSpan.FromSeconds(10));
        proxy.Restore();

        var collected = await follow;
        var final = Assert.Single(collected.Finals);
        Assert.Equal(TaskState.Failed, final.State);
        Assert.Equal(7, final.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(1, Lines).Select(i => $"line {i}\n")), collected.Stdout[id].ToString());
        Assert.True(proxy.ConnectionsAccepted >= 2, "the Tentacle should have reconnected through the proxy");
    }

    private static async Task<Collected> CollectAsync(IAsyncEnumerable<TaskStreamEvent> events, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var collected = new Collected();
        await foreach (var item in events.WithCancellation(cancel.Token))
        {
            if (item.Type == TaskStreamEvent.OutputType)
            {
                var text = item.Stream == "stdout" ? collected.Stdout : collected.Stderr;
                var builder = text.TryGetValue(item.TaskId, out var b) ? b : text[item.TaskId] = new StringBuilder();
                Assert.Equal(builder.Length, item.Offset);
                builder.Append(item.Data);
                if (collected.Finals.Count == 0)
                {
                    collected.OutputEventsBeforeFinal++;
                }
            }
            else
            {
                collected.Finals.Add(item.Task!);
                collected.Stdout.TryAdd(item.TaskId, new StringBuilder());
                collected.Stderr.TryAdd(item.TaskId, new StringBuilder());
            }
        }

        return collected;
    }

    private sealed class Collected
    {
        public Dictionary<string, StringBuilder> Stdout { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StringBuilder> Stderr { get; } = new(StringComparer.Ordinal);

        public List<TaskView> Finals { get; } = [];

        public int OutputEventsBeforeFinal { get; set; }
    }
}
