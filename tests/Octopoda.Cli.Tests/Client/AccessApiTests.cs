using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Client;

/// <summary>The SDK's access calls against a fake Brain: what each sends, and how it reads 200, 204 and refusals.</summary>
public sealed class AccessApiTests
{
    [Fact]
    public async Task WorkgroupPath_Set_SentAsHeaderOnEveryRequestCanonical()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Group("/room1"))));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, WorkgroupPath = "/room1//g1/" });

        await client.GetWorkgroupAsync().Within("GetWorkgroupAsync");
        await client.GetWorkgroupAsync("/room1").Within("GetWorkgroupAsync");

        Assert.All(brain.Requests, r => Assert.Equal("/room1/g1", r.WorkgroupPath));
        Assert.Equal(2, brain.Requests.Count);
    }

    [Fact]
    public async Task WorkgroupPath_Unset_SendsNoHeader()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Caller())));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Token = "t" });

        await client.WhoAmIAsync().Within("WhoAmIAsync");

        var request = Assert.Single(brain.Requests);
        Assert.Equal(("GET", ApiRoutes.WhoAmI, null), (request.Method, request.RawUrl, request.WorkgroupPath));
    }

    [Fact]
    public void Constructor_RelativeOrInvalidWorkgroupPath_ThrowsArgumentException()
    {
        var address = new Uri("https://h/");
        Assert.Throws<ArgumentException>(() => new OctopodaClient(new OctopodaClientOptions { BaseAddress = address, WorkgroupPath = "room1" }));
        Assert.Throws<ArgumentException>(() => new OctopodaClient(new OctopodaClientOptions { BaseAddress = address, WorkgroupPath = "/a b" }));
    }

    [Fact]
    public async Task LoginAsync_PostsCredentials_ReturnsTheToken()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var login = await client.LoginAsync(new LoginRequest { Path = "/room1", Password = "pw-12345", LifetimeSeconds = 3600, Name = "ci" })
            .Within("LoginAsync");

        Assert.Equal(("tok-room1", "tk1", "/room1"), (login.Token, login.TokenId, login.Account));
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", ApiRoutes.Login, null), (request.Method, request.RawUrl, request.Authorization));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.LoginRequest)!;
        Assert.Equal(("/room1", "pw-12345", 3600, "ci"), (sent.Path, sent.Password, sent.LifetimeSeconds, sent.Name));
    }

    [Fact]
    public async Task LoginAsync_TooManyAttempts_TransientApiException()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 429, AccessSamples.Problem(429, "too many login attempts; retry in 30 s"), "application/problem+json"));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(() =>
            client.LoginAsync(new LoginRequest { Path = "/", Password = "x" }).Within("LoginAsync"));

        Assert.Equal(429, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task RevokeTokenAsync_NoContent_DeletesTheEscapedId()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        await client.RevokeTokenAsync("tk/1").Within("RevokeTokenAsync");

        var request = Assert.Single(brain.Requests);
        Assert.Equal(("DELETE", "/api/v1/tokens/tk%2F1"), (request.Method, request.RawUrl));
    }

    [Fact]
    public async Task RemoveFromWorkgroupAsync_NoContent_ReturnsNull()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var after = await client.RemoveFromWorkgroupAsync("/room1/g1").Within("RemoveFromWorkgroupAsync");

        Assert.Null(after);
        var sent = JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.WorkgroupMembersRequest)!;
        Assert.Equal("/room1/g1", sent.Path);
        Assert.Empty(sent.Nodes);
    }

    [Fact]
    public async Task RemoveFromWorkgroupAsync_Nodes_ReturnsTheGroupAfter()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Group("/g1", ["n2"]))));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var after = await client.RemoveFromWorkgroupAsync("/g1", ["n1"]).Within("RemoveFromWorkgroupAsync");

        Assert.Equal(["n2"], after!.Members);
        Assert.Equal(ApiRoutes.WorkgroupRemove, Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task GetWorkgroupAsync_NoContentWhereADocumentIsExpected_Unreadable()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetWorkgroupAsync("/g1").Within("GetWorkgroupAsync"));

        Assert.Contains("204 No Content", ex.Message, StringComparison.Ordinal);
        Assert.Equal("/api/v1/workgroup?path=%2Fg1", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task AddGrantAllow_SendTheirRequests()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path == ApiRoutes.WorkgroupGrant
            ? FakeBrain.RespondNoContentAsync(context)
            : FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Group("/g1", ["n1"], allow: ["uptime"]))));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var added = await client.AddToWorkgroupAsync("/g1", ["n1", "@web"]).Within("AddToWorkgroupAsync");
        await client.GrantWorkgroupAsync("/g1", "long-enough").Within("GrantWorkgroupAsync");
        var allowed = await client.SetAllowListAsync("/g1", ["uptime"]).Within("SetAllowListAsync");

        Assert.Equal(["n1"], added.Members);
        Assert.Equal(["uptime"], allowed.Allow);
        var requests = brain.Requests.ToArray();
        Assert.Equal(
            [("POST", ApiRoutes.WorkgroupAdd), ("POST", ApiRoutes.WorkgroupGrant), ("PUT", ApiRoutes.WorkgroupAllow)],
            requests.Select(r => (r.Method, r.RawUrl)));
        Assert.Equal(["n1", "@web"], JsonSerializer.Deserialize(requests[0].Body, ProtocolJsonContext.Default.WorkgroupMembersRequest)!.Nodes);
        Assert.Equal("long-enough", JsonSerializer.Deserialize(requests[1].Body, ProtocolJsonContext.Default.WorkgroupGrantRequest)!.Password);
        Assert.Equal(["uptime"], JsonSerializer.Deserialize(requests[2].Body, ProtocolJsonContext.Default.WorkgroupAllowRequest)!.Patterns);
    }

    [Fact]
    public async Task ListAuditAsync_Filters_SendsUtcIsoTimeUserAndLimit()
    {
        var audit = new AuditListResponse { Entries = [] };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(audit)));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        await client.ListAuditAsync(new DateTimeOffset(2025, 11, 21, 14, 30, 0, TimeSpan.FromHours(2)), "/room1", 50).Within("ListAuditAsync");

        Assert.Equal("/api/v1/audit?since=2025-11-21T12%3A30%3A00Z&user=%2Froom1&limit=50", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task ListTokensAsync_ReadsTheList()
    {
        var tokens = new TokenListResponse
        {
            Tokens = [new TokenView { Id = "tk1", Name = "octl@lab", Account = "/room1", CreatedAt = Samples.Now, Current = true }],
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(tokens)));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var list = await client.ListTokensAsync().Within("ListTokensAsync");

        Assert.True(Assert.Single(list.Tokens).Current);
        Assert.Equal(ApiRoutes.Tokens, Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public void AccessCalls_Misuse_ThrowBclExceptions()
    {
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("https://h/") });
        Assert.Throws<ArgumentException>(() => { _ = client.RevokeTokenAsync(" "); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.AddToWorkgroupAsync("/g1", []); });
        Assert.Throws<ArgumentException>(() => { _ = client.GrantWorkgroupAsync("/g1", ""); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.ListAuditAsync(limit: 0); });
        Assert.Throws<ArgumentException>(() => { _ = client.LoginAsync(new LoginRequest { Path = "/", Password = "" }); });
    }
}
