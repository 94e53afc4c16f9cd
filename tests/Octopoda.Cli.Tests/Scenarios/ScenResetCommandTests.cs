using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary><c>octl scen reset</c>: checked before sending, then the reset batch, each node's result and the recorded version.</summary>
public sealed class ScenResetCommandTests : IAsyncLifetime
{
    private readonly OctlRunner _runner = new();
    private readonly ScenarioBrain _brain = new(ScenarioFolder.Nodes);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        _runner.Dispose();
    }

    [Fact]
    public async Task Reset_RestoresEveryNodeApp_ShowsEachNode_ThenRecordsAVersionWithTheMessage()
    {
        _brain.Alter = (step, app, node, task) => (app, node) == ("db", "n3")
            ? task with { State = TaskState.Failed, Error = "version 1a2b3c not in the history of db@shop", Report = null }
            : task;

        var result = await _runner.RunAsync("--brain", _brain.Address.ToString(), "scen", "reset", "shop", "-v", "1A2B3C", "-m", "back to friday");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Equal(["reset", "answered b-reset", "version"], _brain.Events);
        var reset = _brain.Requests.Single(r => r.Path == "/api/v1/scenarios/shop/reset");
        var body = JsonSerializer.Deserialize(reset.Body, ProtocolJsonContext.Default.MessageRequest)!;
        Assert.Equal(("back to friday", "1a2b3c"), (body.Message, body.Version));
        Assert.Equal("back to friday", JsonSerializer.Deserialize(_brain.Requests.Single(r => r.Path == "/api/v1/scenarios/shop/versions").Body, ProtocolJsonContext.Default.MessageRequest)!.Message);
        Assert.Matches($@"web\s+n1\s+succeeded\s+{ScenarioBrain.Hash("web/n1/reset")[..12]} \(new\)", result.Out);
        Assert.Matches(@"\?\s+n3\s+failed\s+version 1a2b3c not in the history of db@shop", result.Out);
        Assert.Contains($"recorded scenario version {ScenarioBrain.Hash("scenario")[..12]}", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "-m", "why" }, "Option '--version' is required")]
    [InlineData(new[] { "-v", "1a2b3c" }, "Option '--message' is required")]
    [InlineData(new[] { "-v", "1a", "-m", "why" }, "'1a' is too short for a version: give at least 3 hex digits")]
    [InlineData(new[] { "-v", "xyz", "-m", "why" }, "'xyz' is not a version hash or a prefix of one")]
    public async Task Reset_MissingOrShortArguments_AreRefusedWithoutARequest(string[] args, string message)
    {
        var result = await _runner.RunAsync(["--brain", _brain.Address.ToString(), "scen", "reset", "shop", .. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(_brain.Requests);
    }

    [Fact]
    public async Task Reset_AmbiguousPrefix_IsTheBrainsDetail_AndNothingIsRecorded()
    {
        var problem = new ApiProblem { Status = 409, Detail = "the prefix 'abc' matches 2 versions of shop: give more digits" };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 409, Samples.Json(problem), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "scen", "reset", "shop", "-v", "abc", "-m", "why");

        Assert.Equal((ExitCodes.ApiError, "error: the prefix 'abc' matches 2 versions of shop: give more digits\n", ""), (result.ExitCode, result.Error, result.Out));
        Assert.Single(brain.Requests);
    }
}
