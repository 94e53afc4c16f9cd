using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Workgroups;

/// <summary><c>octl wg pwd | cd | ls | get</c>: path resolution, the existence check, the saved path and the output.</summary>
public sealed class WgNavigationTests : IDisposable
{
    private static readonly WorkgroupBrain Tree = new(
        AccessSamples.Group("/room1", ["n1", "n2", "n3"], ["/room1/g1", "/room1/g2"], account: true, allow: ["uptime", "systemctl status *"]),
        AccessSamples.Group("/room1/g1", ["n1"], ["/room1/g1/x"]),
        AccessSamples.Group("/room1/g1/x", ["n1"]),
        AccessSamples.Group("/room1/g2", []),
        AccessSamples.Group("/room2", ["n9"]));

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData("/room1", "g1", "/room1/g1")]
    [InlineData("/room1", "g1/x", "/room1/g1/x")]
    [InlineData("/room1/g1/x", "..", "/room1/g1")]
    [InlineData("/room1/g1/x", "../../g2", "/room1/g2")]
    [InlineData("/room1/g1", "/room2", "/room2")]
    [InlineData("/room1/g1/x", "~", "/room1")]
    [InlineData("/room1/g2", "~/g1", "/room1/g1")]
    public async Task Cd_Path_ChecksTheGroupAndSavesIt(string from, string argument, string expected)
    {
        await using var brain = Tree.Start();
        var file = SessionFiles.Write(_runner, account: "/room1", current: from, expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "cd", argument);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(expected + "\n", result.Out);
        var request = Assert.Single(brain.Requests);
        Assert.Equal(ApiRoutes.Workgroup + "?path=" + Uri.EscapeDataString(expected), request.RawUrl);
        Assert.Equal(from, request.WorkgroupPath);
        var saved = SessionFiles.Read(file);
        Assert.Equal((expected, "tok-room1"), (saved["path"], saved["token"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Cd_NoArgument_GoesToTheSessionsAccount()
    {
        await using var brain = Tree.Start();
        var file = SessionFiles.Write(_runner, account: "/room1", current: "/room1/g1/x", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "cd");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/workgroup?path=%2Froom1", Assert.Single(brain.Requests).RawUrl);
        Assert.Equal("/room1", SessionFiles.Read(file)["path"]);
    }

    [Fact]
    public async Task Cd_GroupDoesNotExist_RefusedAndSessionUnchanged()
    {
        await using var brain = Tree.Start();
        var file = SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));
        var before = File.ReadAllText(file);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "cd", "ghost");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Contains("no workgroup /room1/ghost", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(file));
    }

    [Theory]
    [InlineData("a b", "'a b' is not a valid workgroup name")]
    [InlineData("../..", "'../..' climbs above the root")]
    [InlineData("/room1/-x", "'-x' is not a valid workgroup name")]
    public async Task Cd_BadPath_UsageWithTheReasonAndNoRequest(string argument, string reason)
    {
        await using var brain = Tree.Start();
        var file = SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));
        var before = File.ReadAllText(file);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "cd", argument);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
        Assert.Equal(before, File.ReadAllText(file));
    }

    [Fact]
    public async Task Cd_CurrentPathUnknown_AsksTheBrainThenSavesANewSession()
    {
        await using var brain = new WorkgroupBrain(AccessSamples.Group("/room2/g1", ["n9"])) { Caller = AccessSamples.Caller("/room2", "/room2") }.Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "wg", "cd", "g1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal([ApiRoutes.WhoAmI, "/api/v1/workgroup?path=%2Froom2%2Fg1"], brain.Requests.Select(r => r.RawUrl));
        var file = SessionFiles.HomePath(_runner);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/room2/g1" }, SessionFiles.Read(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Cd_PathVariableSet_SavesButWarnsItStillOverrides()
    {
        await using var brain = Tree.Start();
        var file = SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));
        _runner.Variables["OCTOPODA_PATH"] = "/room1/g2";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "cd", "..");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/room1", SessionFiles.Read(file)["path"]);
        Assert.Equal("/room1/g2", Assert.Single(brain.Requests).WorkgroupPath);
        Assert.Contains("OCTOPODA_PATH=/room1/g2 is set and still overrides", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pwd_PathKnown_PrintsItWithoutARequest()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "pwd");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "pwd", "-o", "json");

        Assert.Equal("/room1/g1\n", table.Out);
        Assert.Equal("\"/room1/g1\"\n", json.Out);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Ls_PrintsChildNamesRelativeToTheParent()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "ls", "..");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("g1\ng2\n", result.Out);
        Assert.Equal("/api/v1/workgroup?path=%2Froom1", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Ls_NoArgument_AsksForTheCurrentPathWithoutNamingIt()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1/g2", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "ls");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("no sub-groups in /room1/g2\n", result.Out);
        var request = Assert.Single(brain.Requests);
        Assert.Equal((ApiRoutes.Workgroup, "/room1/g2"), (request.RawUrl, request.WorkgroupPath));
    }

    [Fact]
    public async Task Ls_Json_StdoutIsTheBrainsDocument()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "ls", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var group = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.WorkgroupView)!;
        Assert.Equal(["/room1/g1", "/room1/g2"], group.Children);
    }

    [Fact]
    public async Task Get_Table_ShowsMembersAccountAndAllowList()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "get", "~");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            "path:       /room1\n" +
            "account:    yes\n" +
            "members:    3 nodes: n1, n2, n3\n" +
            "sub-groups: g1, g2\n" +
            "allow:      'uptime', 'systemctl status *'\n",
            result.Out);
    }

    [Fact]
    public async Task Get_Json_StdoutIsTheBrainsDocument()
    {
        await using var brain = Tree.Start();
        SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "get", "g1", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var group = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.WorkgroupView)!;
        Assert.Equal(("/room1/g1", false), (group.Path, group.IsAccount));
        Assert.Equal(["n1"], group.Members);
    }
}
