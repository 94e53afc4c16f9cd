using System.Text.Json;
using Xunit.Abstractions;

namespace Octopoda.EndToEnd.Tests;

/// <summary>
/// The original Octopoda README's workgroup walk-through, as three people would do it with octl against separate
/// Brain and Tentacle processes: /room1/alice with pi1..pi3 never sees pi4; /room1 manages /room1/alice;
/// /room1/alice creates /room1/alice/g1. Then an allow-list, the audit log of it all, and a revoked node.
/// </summary>
public sealed class WorkgroupWalkthroughTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string RootPassword = "root-password-1234";
    private const string Room1Password = "room1-password-1234";
    private const string AlicePassword = "alice-password-1234";

    private ProcessFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ProcessFleet.StartAsync("pi1", "pi2", "pi3", "pi4");

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Room1ManagesAlice_AliceNeverSeesPi4_AndTheAuditShowsWhoRanWhat()
    {
        var root = User("root");
        var room1 = User("room1");
        var alice = User("alice");

        // The administrator's password, set with the Brain running, without touching its store by hand.
        var (exit, stdout, stderr) = await ChildProcess.RunAsync(
            Binaries.Brain, ["admin", "password", "--data-dir", _fleet.BrainData, "--listen", _fleet.BrainUrl], stdin: RootPassword + "\n");
        Assert.True(exit == 0, $"brain admin password: {stdout}{stderr}");

        await Ok(root, RootPassword, "login", "/", "--password-stdin");
        await Ok(root, null, "wg", "add", "/room1", "pi1", "pi2", "pi3", "pi4");
        await Ok(root, Room1Password, "wg", "grant", "/room1", "--password-stdin");

        // /room1 manages /room1/alice.
        await Ok(room1, Room1Password, "login", "/room1", "--password-stdin");
        Assert.Equal("/room1", (await Ok(room1, null, "wg", "pwd")).Trim());
        await Ok(room1, null, "wg", "add", "alice", "pi1", "pi2", "pi3");
        await Ok(room1, AlicePassword, "wg", "grant", "alice", "--password-stdin");
        // At /room1, '@alice pi4' is pi1 pi2 pi3 pi4.
        Assert.Equal(["pi1", "pi2", "pi3", "pi4"], ResultNodes(await Ok(room1, null, "cmd", "run", "uname -a", "@alice", "pi4", "-o", "json")));

        // /room1/alice with pi1..pi3 never sees pi4.
        await Ok(alice, AlicePassword, "login", "/room1/alice", "--password-stdin");
        using (var nodes = JsonDocument.Parse(await Ok(alice, null, "node", "get", "-o", "json")))
        {
            Assert.Equal(["pi1", "pi2", "pi3"], nodes.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        }

        var pi4 = await Octl(alice, null, "cmd", "run", "hostname", "pi4");
        Assert.Equal(5, pi4.ExitCode); // 403: not allowed (exit 5, as a refused token)
        Assert.Contains("pi4 is not in your workgroup /room1/alice", pi4.Stderr, StringComparison.Ordinal);
        Assert.Equal(["pi1", "pi2", "pi3"], ResultNodes(await Ok(alice, null, "cmd", "run", "echo from-alice", "@all", "-o", "json")));
        var above = await Octl(alice, null, "wg", "get", "/room1");
        Assert.Equal(5, above.ExitCode);
        Assert.Contains("outside your account /room1/alice", above.Stderr, StringComparison.Ordinal);

        // /room1/alice creates /room1/alice/g1 and works in it.
        await Ok(alice, null, "wg", "add", "g1", "pi1", "pi2");
        await Ok(alice, null, "wg", "cd", "g1");
        Assert.Equal("/room1/alice/g1", (await Ok(alice, null, "wg", "pwd")).Trim());
        Assert.Equal(["pi1", "pi2"], ResultNodes(await Ok(alice, null, "cmd", "run", "echo in-g1", "@all", "-o", "json")));
        await Ok(alice, null, "wg", "cd", "..");
        Assert.Contains("g1", await Ok(alice, null, "wg", "ls"), StringComparison.Ordinal);

        // /room1 takes pi2 from alice: it leaves g1 too.
        await Ok(room1, null, "wg", "rm", "alice", "pi2");
        Assert.Equal(["pi1", "pi3"], Members(await Ok(room1, null, "wg", "get", "alice", "-o", "json")));
        Assert.Equal(["pi1"], Members(await Ok(alice, null, "wg", "get", "g1", "-o", "json")));

        // An allow-list set by /room1 refuses alice a command outside it, before it reaches a node.
        await Ok(room1, null, "wg", "allow", "alice", "echo *");
        var refused = await Octl(alice, null, "cmd", "run", "touch /tmp/should-not-exist", "pi1");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("is not allowed in /room1/alice", refused.Stderr, StringComparison.Ordinal);
        await Ok(alice, null, "cmd", "run", "echo allowed", "pi1");

        // The audit log: the administrator sees alice's runs with her name; alice sees only her own account.
        var audit = await Ok(root, null, "audit", "--user", "/room1/alice");
        output.WriteLine(audit);
        foreach (var text in new[] { "/room1/alice", "cmd.run", "echo from-alice", "echo in-g1", "touch /tmp/should-not-exist", "echo allowed", "wg.add" })
        {
            Assert.Contains(text, audit, StringComparison.Ordinal);
        }

        using (var entries = JsonDocument.Parse(await Ok(root, null, "audit", "-o", "json")))
        {
            var runs = entries.RootElement.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "cmd.run")
                .Select(e => (Actor: e.GetProperty("actor").GetString(), Subject: e.GetProperty("subject").GetString(), Status: e.GetProperty("status").GetInt32()))
                .ToList();
            Assert.Contains(("/room1", "uname -a", 202), runs);
            Assert.Contains(("/room1/alice", "hostname", 403), runs);
            Assert.Contains(("/room1/alice", "echo from-alice", 202), runs);
            Assert.Contains(("/room1/alice", "touch /tmp/should-not-exist", 403), runs);
        }

        using (var hers = JsonDocument.Parse(await Ok(alice, null, "audit", "-o", "json")))
        {
            Assert.All(hers.RootElement.GetProperty("entries").EnumerateArray(), e => Assert.StartsWith("/room1/alice", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        }

        // A revoked node is disconnected and cannot come back.
        await Ok(root, null, "node", "revoke", "pi4");
        await _fleet.WaitForStateAsync("pi4", "offline", TimeSpan.FromSeconds(60));
        await _fleet.Tentacle("pi4").WaitForOutputAsync("revoked", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("offline", (await _fleet.NodeStatesAsync())["pi4"]);
    }

    private string User(string name)
    {
        var home = _fleet.Directory(name);
        var config = Path.Combine(home, "octl.yaml");
        File.WriteAllText(config, $"brain: {_fleet.BrainUrl}\ncaFile: {Path.Combine(_fleet.BrainData, "pki", "ca.crt")}\n");
        return home;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Octl(string home, string? stdin, params string[] arguments) =>
        ChildProcess.RunAsync(
            Binaries.Octl,
            arguments,
            new Dictionary<string, string> { ["OCTOPODA_CONFIG"] = Path.Combine(home, "octl.yaml"), ["HOME"] = home, ["NO_COLOR"] = "1" },
            stdin: stdin is null ? null : stdin + "\n");

    private async Task<string> Ok(string home, string? stdin, params string[] arguments)
    {
        var (exit, stdout, stderr) = await Octl(home, stdin, arguments);
        Assert.True(exit == 0, $"octl {string.Join(' ', arguments)} as {Path.GetFileName(home)} exited {exit}: {stdout}{stderr}\n{_fleet.Logs(2000)}");
        return stdout;
    }

    private static List<string> ResultNodes(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("node").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static List<string> Members(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)];
    }
}
