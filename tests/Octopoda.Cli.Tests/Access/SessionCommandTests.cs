using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Access;

/// <summary>The session at work in ordinary commands, <c>octl logout</c> and <c>octl whoami</c>, against a fake Brain.</summary>
public sealed class SessionCommandTests : IDisposable
{
    private static readonly NodeListResponse NoNodes = new() { Brain = Samples.Brain, Nodes = [] };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task AnyCommand_SessionPath_SentAsHeader()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "get");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("/room1/g1", "Bearer tok-room1"), (request.WorkgroupPath, request.Authorization));
    }

    [Fact]
    public async Task AnyCommand_PathVariable_OverridesSessionPath()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));
        _runner.Variables["OCTOPODA_PATH"] = "/room1/g2";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "get");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/room1/g2", Assert.Single(brain.Requests).WorkgroupPath);
    }

    [Fact]
    public async Task AnyCommand_NoSessionNoVariable_SendsNoPath()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "node", "get");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Null(Assert.Single(brain.Requests).WorkgroupPath);
    }

    [Fact]
    public async Task AnyCommand_SessionExpiredAndNoOtherToken_AsksToLogInAgainWithoutSending()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        SessionFiles.Write(_runner, account: "/room1", expiresAt: Samples.Now.AddMinutes(-1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "get");

        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Contains("the login session for /room1 expired at 2025-11-21 11:59:00 UTC; run 'octl login /room1' again", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task AnyCommand_SessionExpiredButTokenVariableSet_UsesTheVariable()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        SessionFiles.Write(_runner, expiresAt: Samples.Now.AddMinutes(-1));
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "get");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("Bearer env-token", Assert.Single(brain.Requests).Authorization);
    }

    [Fact]
    public async Task Logout_RevokesTheSessionTokenAndClearsIt_KeepsThePath()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        var file = SessionFiles.Write(_runner, token: "tok-room1", tokenId: "tk1", current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));
        // Another token in the environment must not be the one used to revoke the session's.
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "logout");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("DELETE", "/api/v1/tokens/tk1", "Bearer tok-room1"), (request.Method, request.RawUrl, request.Authorization));
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/room1/g1" }, SessionFiles.Read(file));
        Assert.Contains("logged out of /room1: token tk1 revoked", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_BrainUnreachable_TokenStillRemovedAndFailureReported()
    {
        var file = SessionFiles.Write(_runner, current: null, expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", $"http://127.0.0.1:{FreePort.Next()}", "logout");

        Assert.Equal(ExitCodes.BrainUnreachable, result.ExitCode);
        Assert.False(File.Exists(file));
        Assert.Contains("octl token revoke tk1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_SessionExpired_ClearsWithoutARequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        var file = SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(-1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "logout");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Empty(brain.Requests);
        Assert.False(SessionFiles.Read(file).ContainsKey("token"));
    }

    [Fact]
    public async Task Logout_NoSession_SaysSoWithoutARequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "logout");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("not logged in", result.Out, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task WhoAmI_Table_ShowsAccountPathTokenAndNodeCount()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Caller("/room1", "/room1/g1", "n1", "n2"))));
        SessionFiles.Write(_runner, current: "/room1/g1", expiresAt: Samples.Now.AddHours(2));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "whoami");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            "account: /room1\npath:    /room1/g1\ntoken:   octl@lab (tk1, expires 2025-11-21 14:00:00Z (in 2h00m), from octl login)\nnodes:   2 nodes in /room1/g1\n",
            result.Out);
    }

    [Fact]
    public async Task WhoAmI_Json_StdoutIsTheBrainsDocument()
    {
        var caller = AccessSamples.Caller("/", "/", "n1");
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(caller)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "whoami", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var parsed = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.CallerView)!;
        Assert.Equal(("/", "tk1"), (parsed.Account, parsed.TokenId));
        Assert.Equal(["n1"], parsed.Nodes);
    }
}
