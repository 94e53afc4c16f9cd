using System.Text.Json;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.NodeApps;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>
/// A NodeApp's script as the node runs it: in the NodeApp directory, with the whole <c>OCTOPODA_*</c> environment
/// (the original left <c>OCTOPODA_APP</c> and <c>OCTOPODA_SCENARIO</c> unset, and <c>OCTOPODA_CURRENTDIR</c> at its
/// scripts directory), <c>$OCTOPODA_OUTPUT</c> as the result and stdout kept as the log; and commit, reset and delete.
/// </summary>
public sealed class NodeAppRunnerTests : IDisposable
{
    private readonly TestDirectory _dir = new("napp-runner");
    private readonly TentacleOptions _options;
    private readonly NodeAppStore _store;
    private readonly NodeAppRunner _runner;

    public NodeAppRunnerTests()
    {
        _options = new TentacleOptions { Name = "unit", Brains = ["https://127.0.0.1:1"], DataDirectory = _dir.Path, Environment = { ["LAB"] = "b2" } };
        _store = new NodeAppStore(_options.WorkspacePath, _options.DataDirectory, TimeProvider.System);
        _runner = new NodeAppRunner(_options, _store, new FilePushRunner(_options, TimeProvider.System), new ProcessRunner(_options), TimeProvider.System);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_ScriptSeesItsNodeAppAndEveryVariable_AndItsOutputFileIsTheResult()
    {
        var script = """
            echo "log line"
            for v in NODENAME APP SCENARIO CURRENTDIR FILENAME ROOT WORKSPACE FSTORE LOG PAKMA; do
              n="OCTOPODA_$v"; echo "$v=${!n}" >> "$OCTOPODA_OUTPUT"
            done
            echo "PWD=$(pwd)" >> "$OCTOPODA_OUTPUT"
            echo "LAB=$LAB" >> "$OCTOPODA_OUTPUT"
            """;
        var (outcome, report) = await RunAsync(TaskKinds.NodeAppRun, new NodeAppPayload { App = "web", Scenario = "shop", Target = "start", ScriptName = "start.sh", Script = script });

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("log line\n", outcome.Stdout);
        var directory = Path.Combine(_options.WorkspacePath, "web@shop");
        var data = Path.GetFullPath(_dir.Path);
        Assert.Equal(
            $"NODENAME=unit\nAPP=web\nSCENARIO=shop\nCURRENTDIR={directory}\nFILENAME=start.sh\nROOT=/\nWORKSPACE={_options.WorkspacePath}\n"
            + $"FSTORE={data}/fstore\nLOG={data}/log\nPAKMA={data}/pakma\nPWD={directory}\nLAB=b2\n",
            report.Output);
        Assert.False(report.Appended);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, "nodeapp-output")));
    }

    [Fact]
    public async Task Run_TwoScriptsAtOnce_EachGetsItsOwnOutputFile()
    {
        var runs = Enumerable.Range(0, 4).Select(i => RunAsync(TaskKinds.NodeAppRun, new NodeAppPayload
        {
            App = $"app{i}",
            Scenario = "s",
            Target = "start",
            ScriptName = "start.sh",
            Script = $"sleep 0.2; echo {i} >> \"$OCTOPODA_OUTPUT\"",
        }));
        var results = await Task.WhenAll(runs);

        Assert.Equal(["0\n", "1\n", "2\n", "3\n"], results.Select(r => r.Report.Output));
    }

    [Fact]
    public async Task Run_FailingScript_IsFailedWithItsOutputStillReported()
    {
        var (outcome, report) = await RunAsync(TaskKinds.NodeAppRun, new NodeAppPayload
        {
            App = "web", Scenario = "shop", Target = "stop", ScriptName = "stop.sh", Script = "echo half >> \"$OCTOPODA_OUTPUT\"; exit 3",
        });

        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("half\n", report.Output);
    }

    [Fact]
    public async Task CommitResetDelete_VersionTheDirectory_AndReportIt()
    {
        _store.Ensure("web", "shop", "the shop's web");
        var directory = _store.DirectoryOf("web", "shop");
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), "one\n");
        var (_, first) = await RunAsync(TaskKinds.NodeAppCommit, new NodeAppPayload { App = "web", Scenario = "shop", Message = "first" });
        Assert.True(first.Appended);
        Assert.Equal("first", first.Version!.Message);

        var (_, unchanged) = await RunAsync(TaskKinds.NodeAppCommit, new NodeAppPayload { App = "web", Scenario = "shop", Message = "nothing new" });
        Assert.False(unchanged.Appended);
        Assert.Equal(first.Version.Hash, unchanged.Version!.Hash);

        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), "two\n");
        await RunAsync(TaskKinds.NodeAppCommit, new NodeAppPayload { App = "web", Scenario = "shop", Message = "second" });
        var (_, reset) = await RunAsync(TaskKinds.NodeAppReset, new NodeAppPayload { App = "web", Scenario = "shop", Message = "back", Version = first.Version.Hash });
        Assert.True(reset.Appended);
        Assert.Equal((first.Version.Hash, "back"), (reset.Version!.Hash, reset.Version.Message));
        Assert.Equal("one\n", await File.ReadAllTextAsync(Path.Combine(directory, "a.txt")));

        var (_, deleted) = await RunAsync(TaskKinds.NodeAppDelete, new NodeAppPayload { App = "web", Scenario = "shop" });
        Assert.True(deleted.Deleted);
        Assert.False(Directory.Exists(directory));
        Assert.Null(_store.Find("web", "shop"));
    }

    [Fact]
    public async Task Commit_OfAnUnknownNodeApp_FailsSayingToPrepare()
    {
        var outcome = await _runner.RunAsync("t-commit", TaskKinds.NodeAppCommit, new NodeAppPayload { App = "ghost", Scenario = "s", Message = "m" }, _ => Task.FromResult(false), new ProcessHooks(), CancellationToken.None, CancellationToken.None);

        Assert.Contains("prepare the scenario first", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_options.WorkspacePath, "ghost@s")));
    }

    private async Task<(ProcessOutcome Outcome, NodeAppReport Report)> RunAsync(string kind, NodeAppPayload payload)
    {
        var outcome = await _runner.RunAsync($"t{Guid.NewGuid():N}", kind, payload, _ => Task.FromResult(false), new ProcessHooks(), CancellationToken.None, CancellationToken.None);
        Assert.True(outcome.Report is not null, $"{kind} reported nothing: {outcome.Error}");
        return (outcome, JsonSerializer.Deserialize(outcome.Report, ProtocolJsonContext.Default.NodeAppReport)!);
    }
}
