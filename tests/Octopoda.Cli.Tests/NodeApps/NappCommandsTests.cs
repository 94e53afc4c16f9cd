using System.Text.Json;
using Octopoda.Cli.Tests.Scenarios;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Tests.NodeApps;

/// <summary><c>octl napp get|version|reset</c>: the requests they send and what they print.</summary>
public sealed class NappCommandsTests : IDisposable
{
    private static readonly NodeAppVersion[] History =
    [
        new() { Hash = ScenarioBrain.Hash("c"), Time = Samples.Now, Message = "tuned" },
        new() { Hash = ScenarioBrain.Hash("b"), Time = Samples.Now.AddMinutes(-10), Message = "prepare" },
        new() { Hash = ScenarioBrain.Hash("a"), Time = Samples.Now.AddMinutes(-20), Message = "first" },
    ];

    private static readonly NodeAppListResponse Apps = new()
    {
        NodeApps =
        [
            new NodeAppView { Node = "n1", App = "web", Scenario = "shop", Description = "the web tier", Version = History[0], VersionCount = 4 },
            new NodeAppView { Node = "n1", App = "agent", Scenario = "ops", VersionCount = 0 },
        ],
    };

    private readonly OctlRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Get_ANode_ListsItsNodeApps()
    {
        await using var brain = Brain();

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "get", "n1");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "napp", "get", "n1", "ALL");

        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.All(brain.Requests, r => Assert.Equal(("GET", "/api/v1/nodes/n1/apps"), (r.Method, r.RawUrl)));
        Assert.Matches($@"web@shop\s+the web tier\s+{History[0].Hash[..12]}\s+2025-11-21 12:00:00Z\s+tuned\s+4", table.Out);
        Assert.Matches(@"agent@ops\s+-\s+0", table.Out);
        Assert.Equal(2, JsonSerializer.Deserialize(json.Out, ProtocolJsonContext.Default.NodeAppListResponse)!.NodeApps.Count);
    }

    [Fact]
    public async Task Get_ANodeApp_ShowsItWithItsLastThreeVersions()
    {
        await using var brain = Brain();

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "get", "n1", "web@shop");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "napp", "get", "n1", "web@shop");

        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/nodes/n1/apps/web%40shop/versions?offset=0&limit=3");
        Assert.Contains("web@shop on n1: the web tier", table.Out, StringComparison.Ordinal);
        Assert.Contains("4 versions; the newest 3:", table.Out, StringComparison.Ordinal);
        Assert.Matches($@"{History[2].Hash[..12]}\s+2025-11-21 11:40:00Z\s+first", table.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("web", document.RootElement.GetProperty("nodeApp").GetProperty("app").GetString());
        Assert.Equal(History[1].Hash, document.RootElement.GetProperty("versions").GetProperty("versions")[1].GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Get_ANodeAppTheNodeLacks_SaysSo()
    {
        await using var brain = Brain();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "get", "n1", "db@shop");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Contains("error: node n1 has no NodeApp db@shop; 'octl napp get n1' lists those it has", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PagesTheNodeAppsHistory()
    {
        await using var brain = Brain();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "version", "n1", "web@shop", "--offset", "1", "-l", "3");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/nodes/n1/apps/web%40shop/versions?offset=1&limit=3", Assert.Single(brain.Requests).RawUrl);
        Assert.Matches($@"{History[0].Hash[..12]}\s+2025-11-21 12:00:00Z\s+tuned", result.Out);
        Assert.Contains("versions 2–4 of 4, newest first", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web", "'web' is not a NodeApp: write application@scenario")]
    [InlineData("web@", "'web@' is not a NodeApp")]
    public async Task Version_MalformedNodeApp_IsRefusedWithoutARequest(string nodeApp, string message)
    {
        await using var brain = Brain();

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "version", "n1", nodeApp);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Reset_RestoresTheNodeApp_ShowsTheResult_ThenRecordsTheScenariosVersion()
    {
        await using var brain = new ScenarioBrain(ScenarioFolder.Nodes);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "napp", "reset", "n2", "web@shop", "-v", "abcdef", "-m", "undo the hotfix");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "napp", "reset", "n2", "web@shop", "-v", "abcdef", "-m", "undo the hotfix");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(["reset n2 web@shop", "answered b-reset", "version"], brain.Events.Take(3));
        var reset = brain.Requests.First(r => r.Method == "POST");
        Assert.Equal("/api/v1/nodes/n2/apps/web%40shop/reset", reset.RawUrl);
        var body = JsonSerializer.Deserialize(reset.Body, ProtocolJsonContext.Default.MessageRequest)!;
        Assert.Equal(("undo the hotfix", "abcdef"), (body.Message, body.Version));
        Assert.Equal("/api/v1/scenarios/shop/versions", brain.Requests.Where(r => r.Method == "POST").ElementAt(1).RawUrl);
        Assert.Matches($@"web\s+n2\s+succeeded\s+{ScenarioBrain.Hash("web/n2/reset")[..12]} \(new\)", result.Out);
        Assert.Contains($"recorded scenario version {ScenarioBrain.Hash("scenario")[..12]}", result.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(("shop", "reset"), (document.RootElement.GetProperty("scenario").GetString(), document.RootElement.GetProperty("target").GetString()));
        Assert.Equal(ScenarioBrain.Hash("web/n2/reset"), document.RootElement.GetProperty("steps")[0].GetProperty("results")[0].GetProperty("version").GetString());
    }

    [Theory]
    [InlineData(new[] { "web@shop", "-v", "ab", "-m", "why" }, "'ab' is too short for a version")]
    [InlineData(new[] { "web@shop", "-v", "abc" }, "Option '--message' is required")]
    [InlineData(new[] { "shop", "-v", "abc", "-m", "why" }, "'shop' is not a NodeApp")]
    public async Task Reset_BadArguments_AreRefusedWithoutARequest(string[] args, string message)
    {
        await using var brain = Brain();

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), "napp", "reset", "n1", .. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    /// <summary>Answers the node's NodeApp list, and any version page with <see cref="History"/> (4 in all).</summary>
    private static FakeBrain Brain() => FakeBrain.Start((context, request) => request.Path.EndsWith("/versions", StringComparison.Ordinal)
        ? FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(new NodeAppVersionListResponse { Total = 4, Versions = History }, ProtocolJsonContext.Default.NodeAppVersionListResponse))
        : FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(Apps, ProtocolJsonContext.Default.NodeAppListResponse)));
}
