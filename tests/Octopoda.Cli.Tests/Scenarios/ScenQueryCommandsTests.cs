using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary><c>octl scen get</c> and <c>scen version</c>: the requests they send and what they print.</summary>
public sealed class ScenQueryCommandsTests : IDisposable
{
    private static readonly ScenarioVersionView Newest = new()
    {
        Hash = ScenarioBrain.Hash("v2"),
        Time = Samples.Now,
        Message = "tuned the cache",
        NodeApps =
        [
            new NodeAppHash { App = "cache", Node = "n3", Hash = ScenarioBrain.Hash("cache/n3") },
            new NodeAppHash { App = "web", Node = "n1", Hash = ScenarioBrain.Hash("web/n1") },
        ],
    };

    private static readonly ScenarioVersionView Older = Newest with
    {
        Hash = ScenarioBrain.Hash("v1"),
        Time = Samples.Now.AddHours(-1),
        Message = "prepare",
        NodeApps = [new NodeAppHash { App = "web", Node = "n1", Hash = null }],
    };

    private readonly OctlRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData]
    [InlineData("ALL")]
    public async Task Get_WithoutAName_ListsEveryScenario(params string[] name)
    {
        var list = new ScenarioListResponse
        {
            Scenarios =
            [
                new ScenarioView { Name = "shop", Description = "the shop", Version = Newest, VersionCount = 2 },
                new ScenarioView { Name = "blank", Description = "nothing yet" },
            ],
        };
        await using var brain = Answering(JsonSerializer.Serialize(list, ProtocolJsonContext.Default.ScenarioListResponse));

        var table = await _runner.RunAsync(["--brain", brain.Address.ToString(), "scen", "get", .. name]);
        var json = await _runner.RunAsync(["--brain", brain.Address.ToString(), "-o", "json", "scen", "get", .. name]);

        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.All(brain.Requests, r => Assert.Equal(("GET", "/api/v1/scenarios"), (r.Method, r.RawUrl)));
        Assert.Matches($@"shop\s+the shop\s+{Newest.Hash[..12]}\s+2025-11-21 12:00:00Z\s+tuned the cache\s+2", table.Out);
        Assert.Matches(@"blank\s+nothing yet\s+-\s+0", table.Out);
        Assert.Contains("2 scenarios", table.Out, StringComparison.Ordinal);
        Assert.Equal(list.Scenarios.Select(s => s.Name), JsonSerializer.Deserialize(json.Out, ProtocolJsonContext.Default.ScenarioListResponse)!.Scenarios.Select(s => s.Name));
    }

    [Fact]
    public async Task Get_AName_ShowsItsNewestVersionAndEachAppsNodeApps()
    {
        var scenario = new ScenarioView
        {
            Name = "shop",
            Description = "the shop",
            Version = Newest,
            VersionCount = 2,
            Applications =
            [
                new ScenarioAppView
                {
                    Name = "web",
                    Description = "the web tier",
                    NodeApps = [new NodeAppHash { App = "web", Node = "n1", Hash = ScenarioBrain.Hash("web/n1") }, new NodeAppHash { App = "web", Node = "n2" }],
                },
            ],
        };
        await using var brain = Answering(JsonSerializer.Serialize(scenario, ProtocolJsonContext.Default.ScenarioView));

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "scen", "get", "shop");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "scen", "get", "shop");

        Assert.True(table.ExitCode == ExitCodes.Success, table.ToString());
        Assert.All(brain.Requests, r => Assert.Equal("/api/v1/scenarios/shop", r.RawUrl));
        Assert.Contains($"version {Newest.Hash[..12]} · 2025-11-21 12:00:00Z · tuned the cache · 2 versions", table.Out, StringComparison.Ordinal);
        Assert.Matches($@"web\s+n1\s+{ScenarioBrain.Hash("web/n1")[..12]}\s+the web tier", table.Out);
        Assert.Matches(@"web\s+n2\s+-\s+the web tier", table.Out);
        Assert.Equal(scenario.Applications[0].NodeApps, JsonSerializer.Deserialize(json.Out, ProtocolJsonContext.Default.ScenarioView)!.Applications![0].NodeApps);
    }

    [Fact]
    public async Task Get_UnknownScenario_IsTheBrainsError()
    {
        var problem = new ApiProblem { Status = 404, Detail = "there is no scenario 'nope'" };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 404, Samples.Json(problem), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "scen", "get", "nope");

        Assert.Equal((ExitCodes.ApiError, "error: there is no scenario 'nope'\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Version_PagesNewestFirst_WithEachNodeAppsHash()
    {
        var page = new ScenarioVersionListResponse { Total = 7, Versions = [Newest, Older] };
        await using var brain = Answering(JsonSerializer.Serialize(page, ProtocolJsonContext.Default.ScenarioVersionListResponse));

        var defaults = await _runner.RunAsync("--brain", brain.Address.ToString(), "scen", "version", "shop");
        var paged = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "scen", "version", "shop", "--offset", "2", "-l", "2");

        Assert.True(defaults.ExitCode == ExitCodes.Success, defaults.ToString());
        Assert.Equal(
            ["/api/v1/scenarios/shop/versions?offset=0&limit=5", "/api/v1/scenarios/shop/versions?offset=2&limit=2"],
            brain.Requests.Select(r => r.RawUrl));
        Assert.Matches($@"{Newest.Hash[..12]}\s+2025-11-21 12:00:00Z\s+tuned the cache\s+cache@n3 {ScenarioBrain.Hash("cache/n3")[..12]}\s*\n\s+web@n1 {ScenarioBrain.Hash("web/n1")[..12]}", defaults.Out);
        Assert.Matches($@"{Older.Hash[..12]}\s+2025-11-21 11:00:00Z\s+prepare\s+web@n1 -", defaults.Out);
        Assert.Contains("versions 1–2 of 7, newest first", defaults.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(paged.Out);
        Assert.Equal("2025-11-21T12:00:00+00:00", document.RootElement.GetProperty("versions")[0].GetProperty("time").GetString());
    }

    [Theory]
    [InlineData("--offset", "-1", "--offset takes a count of 0 or more")]
    [InlineData("-l", "0", "--limit takes a count from 1 to 1000")]
    public async Task Version_BadPage_IsRefusedWithoutARequest(string option, string value, string message)
    {
        await using var brain = Answering("{}");

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "scen", "version", "shop", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    private static FakeBrain Answering(string json) => FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, json));
}
