using System.Text.Json;

namespace Octopoda.EndToEnd.Tests;

/// <summary>Separate brain, tentacle and octl processes, as a user runs them; faults by SIGKILL.</summary>
public sealed class FleetTests : IAsyncLifetime
{
    private ProcessFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ProcessFleet.StartAsync("node1", "node2");

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Octl_CmdRun_ReportsPerNodeResultsAndExitCodes()
    {
        var all = await _fleet.OctlAsync("cmd", "run", "uname -s", "@all", "-o", "json");
        Assert.True(all.ExitCode == 0, all.Stderr);
        using (var json = JsonDocument.Parse(all.Stdout))
        {
            var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal("Linux\n", r.GetProperty("stdout").GetString()));
        }

        var failing = await _fleet.OctlAsync("cmd", "run", "echo broken >&2; exit 3", "node1", "-o", "json");
        Assert.Equal(1, failing.ExitCode);
        using (var json = JsonDocument.Parse(failing.Stdout))
        {
            var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray().ToList());
            Assert.Equal(3, result.GetProperty("exitCode").GetInt32());
            Assert.Equal("broken\n", result.GetProperty("stderr").GetString());
        }

        var table = await _fleet.OctlAsync("cmd", "run", "echo broken >&2; exit 3", "node1");
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("exit 3", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("broken", table.Stdout + table.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Octl_UnknownNode_IsRejectedNamingIt()
    {
        var (exit, _, stderr) = await _fleet.OctlAsync("cmd", "run", "true", "node1", "nosuch");

        Assert.NotEqual(0, exit);
        Assert.Contains("nosuch: unknown node", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledTentacle_GoesUnstableThenOffline_RestartReconnectsWithoutReenrolling()
    {
        _fleet.Tentacle("node2").KillHard();
        await _fleet.WaitForStateAsync("node2", "unstable", TimeSpan.FromSeconds(10));
        await _fleet.WaitForStateAsync("node2", "offline", TimeSpan.FromSeconds(20));

        // No join token this time: it must reconnect with the certificate it already has.
        await _fleet.StartTentacleAsync("node2");
        await _fleet.WaitForStateAsync("node2", "online", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task KilledBrain_RestartedOnSamePort_TentaclesReconnectByThemselves()
    {
        _fleet.KillBrain();
        await _fleet.StartBrainAsync();

        await _fleet.WaitForStateAsync("node1", "online", TimeSpan.FromSeconds(40));
        await _fleet.WaitForStateAsync("node2", "online", TimeSpan.FromSeconds(40));
        var run = await _fleet.OctlAsync("cmd", "run", "echo back", "@all", "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task Octl_WrongCa_FailsNamingTheAddressAndCause()
    {
        var config = Path.Combine(Path.GetDirectoryName(_fleet.ConfigFile)!, "wrong-ca.yaml");
        await File.WriteAllTextAsync(config, $"brain: {_fleet.BrainUrl}\ntoken: whatever\ncaFingerprint: {new string('0', 64)}\n");

        var (exit, _, stderr) = await ChildProcess.RunAsync(Binaries.Octl, ["node", "get", "--config", config]);

        Assert.Equal(4, exit);
        Assert.Contains(_fleet.BrainUrl, stderr, StringComparison.Ordinal);
        Assert.Contains("certificate", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Octl_BrainUnreachable_FailsNamingTheAddress()
    {
        var (exit, _, stderr) = await ChildProcess.RunAsync(Binaries.Octl, ["node", "get", "--brain", "https://127.0.0.1:1", "--token", "x"]);

        Assert.Equal(4, exit);
        Assert.Contains("https://127.0.0.1:1", stderr, StringComparison.Ordinal);
    }
}
