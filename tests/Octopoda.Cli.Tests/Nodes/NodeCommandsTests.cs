using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Nodes;

/// <summary><c>octl node …</c> end to end against a fake Brain on a real socket.</summary>
public sealed class NodeCommandsTests : IDisposable
{
    private static readonly NodeListResponse Nodes = new()
    {
        Brain = Samples.Brain,
        Nodes =
        [
            new NodeView { Name = "n1", State = NodeState.Online, Address = "10.0.0.1", Version = "0.1.0", DelayMs = 0.42, OnlineSince = Samples.Now.AddSeconds(-162) },
            new NodeView { Name = "n2", State = NodeState.Offline, Address = "10.0.0.2", Version = "0.1.0", LastSeen = Samples.Now.AddMinutes(-5) },
        ],
        Total = 2,
        Online = 1,
        Offline = 1,
    };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    [Fact]
    public async Task Get_Table_ShowsBrainRowsAndFooter()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Nodes)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "get", "-sf", "Online", "n1", "n2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Equal("Brain lab-brain 0.1.0 at https://0.0.0.0:7400", lines[0]);
        Assert.Matches(@"^NAME\s+STATE\s+ADDRESS\s+VERSION\s+DELAY\s+ONLINE / LAST SEEN\s*$", lines[1]);
        Assert.Matches(@"^n1\s+online\s+10\.0\.0\.1\s+0\.1\.0\s+0\.4ms\s+2m42s\s*$", lines[2]);
        Assert.Matches(@"^n2\s+offline\s+10\.0\.0\.2\s+0\.1\.0\s+seen 5m00s ago\s*$", lines[3]);
        Assert.Contains("2 nodes: 1 online, 0 unstable, 1 offline", result.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/nodes?targets=n1,n2&state=online", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Get_Json_StdoutIsTheBrainsDocument()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Nodes)));

        var result = await _runner.RunAsync("node", "get", "-o", "json", "--brain", brain.Address.ToString());

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var parsed = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.NodeListResponse)!;
        Assert.Equal(["n1", "n2"], parsed.Nodes.Select(n => n.Name));
        Assert.Contains("\"state\": \"online\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Table_ShowsSamplesErrorsAndAverages()
    {
        var status = new NodeStatusResponse
        {
            Nodes =
            [
                new NodeStatusEntry
                {
                    Name = "n1",
                    Status = new NodeStatus
                    {
                        Name = "n1", Platform = "linux-x64", CpuCores = 8, CpuLoadShort = 12.5, CpuLoadLong = 7,
                        MemoryUsedBytes = 4L << 30, MemoryTotalBytes = 16L << 30, DiskRootUsedBytes = 10L << 30, DiskRootTotalBytes = 40L << 30,
                        DiskWorkspaceUsedBytes = 10L << 30, DiskWorkspaceTotalBytes = 40L << 30, LocalTime = Samples.Now,
                    },
                },
                new NodeStatusEntry { Name = "n2", Error = "node is offline" },
            ],
            AverageCpuLoad = 7,
            AverageMemoryUsage = 25,
            AverageDiskUsage = 25,
        };
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(status, ProtocolJsonContext.Default.NodeStatusResponse)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "status");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"n1\s+linux-x64\s+8\s+12\.5%/7%\s+4\.0/16\.0 GiB \(25%\)\s+10\.0/40\.0 GiB \(25%\)", result.Out);
        Assert.Matches(@"n2\s+node is offline", result.Out);
        Assert.Contains("1 node answering of 2; average CPU 7%, memory 25%, disk / 25%", result.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/nodes/status", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Prune_Table_SaysWhatWasPrunedAndKept()
    {
        var answer = JsonSerializer.Serialize(new PruneResponse { Pruned = ["old1"], Kept = ["n1", "n2"] }, ProtocolJsonContext.Default.PruneResponse);
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, answer));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "prune", "ALL");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("pruned 1 node: old1\nkept 2 nodes because not offline: n1, n2\n", result.Out);
        Assert.Equal(["ALL"], JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.PruneRequest)!.Targets);
    }

    [Fact]
    public async Task Get_ConfigFromEnvironment_UsesItsBrainAndToken()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Nodes)));
        _runner.Variables["OCTOPODA_CONFIG"] = _runner.Directory.Write("cfg/octl.yaml", $"brain: {brain.Address}\ntoken: from-file\n");

        var result = await _runner.RunAsync("node", "get", "-o", "lines");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("n1\nn2\n", result.Out);
        Assert.Equal("Bearer from-file", Assert.Single(brain.Requests).Authorization);
    }

    public void Dispose() => _runner.Dispose();
}
