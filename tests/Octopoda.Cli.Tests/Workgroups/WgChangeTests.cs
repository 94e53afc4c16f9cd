using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Workgroups;

/// <summary><c>octl wg add | rm | grant | allow</c>: what is sent (absolute paths, never a password from argv) and reported.</summary>
public sealed class WgChangeTests : IDisposable
{
    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public WgChangeTests()
    {
        SessionFiles.Write(_runner, account: "/room1", current: "/room1", expiresAt: Samples.Now.AddHours(1));
    }

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Add_RelativePath_SendsItAbsoluteWithTheNodes()
    {
        await using var brain = new WorkgroupBrain { ChangeAnswer = AccessSamples.Group("/room1/g1", ["n1", "n2"]) }.Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "add", "g1", "n1", "@web");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", ApiRoutes.WorkgroupAdd, "/room1"), (request.Method, request.RawUrl, request.WorkgroupPath));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.WorkgroupMembersRequest)!;
        Assert.Equal("/room1/g1", sent.Path);
        Assert.Equal(["n1", "@web"], sent.Nodes);
        Assert.Equal("/room1/g1 has 2 nodes: n1, n2\n", result.Out);
    }

    [Fact]
    public async Task Add_NoNodes_UsageAndNoRequest()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "add", "g1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Rm_NoNodes_RemovesTheWholeGroupAndSaysSo()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "rm", "g1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var sent = JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.WorkgroupMembersRequest)!;
        Assert.Equal("/room1/g1", sent.Path);
        Assert.Empty(sent.Nodes);
        Assert.Equal("removed the workgroup /room1/g1 and every group under it\n", result.Out);
    }

    [Fact]
    public async Task Rm_Nodes_ReportsTheGroupAfter()
    {
        await using var brain = new WorkgroupBrain { ChangeAnswer = AccessSamples.Group("/room1/g1", ["n2"]) }.Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "rm", "/room1/g1", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(["n1"], JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.WorkgroupMembersRequest)!.Nodes);
        Assert.Equal("removed n1 from /room1/g1 and the groups under it; /room1/g1 has 1 node: n2\n", result.Out);
    }

    [Fact]
    public async Task Rm_Json_GroupGoneIsNull()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "rm", "g1", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(result.Out).RootElement.ValueKind);
    }

    [Fact]
    public async Task Grant_PasswordStdin_PostsPathAndPassword()
    {
        await using var brain = new WorkgroupBrain().Start();
        _runner.Stdin = "long-enough\n";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice", "--password-stdin");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", ApiRoutes.WorkgroupGrant), (request.Method, request.RawUrl));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.WorkgroupGrantRequest)!;
        Assert.Equal(("/room1/alice", "long-enough"), (sent.Path, sent.Password));
        Assert.Equal("/room1/alice is now an account: log in to it with 'octl login /room1/alice'\n", result.Out);
    }

    [Fact]
    public async Task Grant_ShortPassword_RefusedBeforeAnyRequest()
    {
        await using var brain = new WorkgroupBrain().Start();
        _runner.Stdin = "short7!\n";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice", "--password-stdin");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("at least 8 characters", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Grant_PasswordAsArgument_NotAccepted()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice", "long-enough");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Grant_NotATerminalWithoutPasswordStdin_RefusedBeforeAnyRequest()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--password-stdin", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Grant_Terminal_AsksTwice()
    {
        await using var brain = new WorkgroupBrain().Start();
        _runner.StdinIsTerminal = true;
        _runner.SecretAnswers.Enqueue("long-enough");
        _runner.SecretAnswers.Enqueue("long-enough");

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(["New password for alice:", "Repeat it:"], _runner.Prompts);
        Assert.Equal("long-enough", JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.WorkgroupGrantRequest)!.Password);
    }

    [Fact]
    public async Task Grant_Terminal_EntriesDiffer_RefusedBeforeAnyRequest()
    {
        await using var brain = new WorkgroupBrain().Start();
        _runner.StdinIsTerminal = true;
        _runner.SecretAnswers.Enqueue("long-enough");
        _runner.SecretAnswers.Enqueue("long-enougH");

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "alice");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("the two passwords differ", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Grant_BadPath_RefusedBeforeAskingForThePassword()
    {
        await using var brain = new WorkgroupBrain().Start();
        _runner.StdinIsTerminal = true;

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "grant", "al ice");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(_runner.Prompts);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Allow_Patterns_PutsThemAndShowsTheList()
    {
        await using var brain = new WorkgroupBrain { ChangeAnswer = AccessSamples.Group("/room1/g1", allow: ["uptime", "systemctl status *"]) }.Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "allow", "g1", "uptime", "systemctl status *");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("PUT", ApiRoutes.WorkgroupAllow), (request.Method, request.RawUrl));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.WorkgroupAllowRequest)!;
        Assert.Equal("/room1/g1", sent.Path);
        Assert.Equal(["uptime", "systemctl status *"], sent.Patterns);
        Assert.Equal("/room1/g1 allows only: 'uptime', 'systemctl status *'\n", result.Out);
    }

    [Fact]
    public async Task Allow_Clear_PutsAnEmptyList()
    {
        await using var brain = new WorkgroupBrain { ChangeAnswer = AccessSamples.Group("/room1/g1") }.Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "allow", "g1", "--clear", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Empty(JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.WorkgroupAllowRequest)!.Patterns);
        Assert.Empty(JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.WorkgroupView)!.Allow);
    }

    [Fact]
    public async Task Allow_ClearWithPatterns_UsageAndNoRequest()
    {
        await using var brain = new WorkgroupBrain().Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "allow", "g1", "uptime", "--clear");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--clear takes no patterns", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Allow_NeitherPatternsNorClear_ShowsTheList()
    {
        await using var brain = new WorkgroupBrain(AccessSamples.Group("/room1/g1", allow: ["uptime"])).Start();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "wg", "allow", "g1", "-o", "lines");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("GET", Assert.Single(brain.Requests).Method);
        Assert.Equal("uptime\n", result.Out);
    }
}
