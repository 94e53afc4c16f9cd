using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Access;

/// <summary><c>octl token list | revoke</c> and <c>octl audit</c> against a fake Brain.</summary>
public sealed class TokenAndAuditCommandTests : IDisposable
{
    private static readonly TokenListResponse Tokens = new()
    {
        Tokens =
        [
            new TokenView { Id = "tk3", Name = "octl@lab", Account = "/room1", CreatedAt = Samples.Now.AddHours(-1), ExpiresAt = Samples.Now.AddHours(11), Current = true },
            new TokenView { Id = "tk2", Name = "ci", Account = "/room1/alice", CreatedAt = Samples.Now.AddDays(-2), ExpiresAt = Samples.Now.AddDays(-1) },
            new TokenView { Id = "tk1", Name = "admin", Account = "/", CreatedAt = Samples.Now.AddDays(-9), RevokedAt = Samples.Now.AddDays(-3) },
        ],
    };

    private static readonly AuditListResponse Audit = new()
    {
        Entries =
        [
            new AuditEntryView { Sequence = 1, At = Samples.Now.AddMinutes(-30), Actor = "/room1", Action = "wg.add", Subject = "/room1/g1", Targets = "n1,n2", Status = 200, Outcome = "ok" },
            new AuditEntryView { Sequence = 2, At = Samples.Now.AddMinutes(-5), Actor = "/room1/alice", Action = "cmd.run", Subject = "rm -rf /", Targets = "n1", Status = 403, Outcome = "not allowed by /room1/alice" },
        ],
        Truncated = true,
    };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task TokenList_Table_ShowsStates()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Tokens)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "token", "list");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^ID\s+NAME\s+ACCOUNT\s+CREATED\s+EXPIRES\s+STATE\s*$", lines[0]);
        Assert.Matches(@"^tk3\s+octl@lab\s+/room1\s+2025-11-21 11:00:00Z\s+2025-11-21 23:00:00Z\s+active \(this one\)\s*$", lines[1]);
        Assert.Matches(@"^tk2\s+ci\s+/room1/alice\s+.*\s+expired\s*$", lines[2]);
        Assert.Matches(@"^tk1\s+admin\s+/\s+2025-11-12 12:00:00Z\s+never\s+revoked\s*$", lines[3]);
        Assert.Equal(ApiRoutes.Tokens, Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task TokenList_Json_StdoutIsTheBrainsDocument()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Tokens)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "token", "list", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var parsed = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.TokenListResponse)!;
        Assert.Equal(["tk3", "tk2", "tk1"], parsed.Tokens.Select(t => t.Id));
    }

    [Fact]
    public async Task TokenRevoke_AnotherToken_DeletesItAndKeepsTheSession()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        var file = SessionFiles.Write(_runner, tokenId: "tk3", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "token", "revoke", "tk2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("DELETE", "/api/v1/tokens/tk2", "Bearer tok-room1"), (request.Method, request.RawUrl, request.Authorization));
        Assert.Equal("revoked token tk2\n", result.Out);
        Assert.Equal("tok-room1", SessionFiles.Read(file)["token"]);
    }

    [Fact]
    public async Task TokenRevoke_TheSessionsOwn_RemovesItFromTheSessionFile()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        var file = SessionFiles.Write(_runner, tokenId: "tk3", current: "/room1/g1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "token", "revoke", "tk3");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/room1/g1" }, SessionFiles.Read(file));
    }

    [Fact]
    public async Task Audit_SinceDurationAndUser_BuildTheQuery()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Audit)));
        SessionFiles.Write(_runner, current: "/room1", expiresAt: Samples.Now.AddHours(1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "audit", "--since", "1h30m", "--user", "alice", "--limit", "2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/audit?since=2025-11-21T10%3A30%3A00Z&user=%2Froom1%2Falice&limit=2", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Audit_SinceIsoTime_SentInUtc()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Audit)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "audit", "--since", "2025-11-21T09:00+01:00", "--user", "/");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/audit?since=2025-11-21T08%3A00%3A00Z&user=%2F", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Audit_SinceNeitherDurationNorTime_UsageAndNoRequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Audit)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "audit", "--since", "yesterday");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--since takes a duration", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Audit_Table_ShowsEveryColumnAndTheTruncation()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Audit)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "audit");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^TIME\s+ACTOR\s+ACTION\s+SUBJECT\s+TARGETS\s+STATUS\s+OUTCOME\s*$", lines[0]);
        Assert.Matches(@"^2025-11-21 11:30:00Z\s+/room1\s+wg\.add\s+/room1/g1\s+n1,n2\s+200\s+ok\s*$", lines[1]);
        Assert.Matches(@"^2025-11-21 11:55:00Z\s+/room1/alice\s+cmd\.run\s+rm -rf /\s+n1\s+403\s+not allowed by /room1/alice\s*$", lines[2]);
        Assert.Contains("the newest 2 entries; more match", result.Out, StringComparison.Ordinal);
        Assert.Equal(ApiRoutes.Audit, Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Audit_Json_StdoutIsTheBrainsDocument()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(Audit)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t", "audit", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var parsed = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.AuditListResponse)!;
        Assert.Equal([1L, 2L], parsed.Entries.Select(e => e.Sequence));
        Assert.True(parsed.Truncated);
    }
}
