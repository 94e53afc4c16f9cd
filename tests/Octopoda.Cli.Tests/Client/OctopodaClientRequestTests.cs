using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Client;

public sealed class OctopodaClientRequestTests
{
    private static readonly NodeListResponse NoNodes = new() { Brain = Samples.Brain, Nodes = [] };

    [Fact]
    public async Task GetNodesAsync_TargetsAndState_SendsEscapedQueryAndBearerToken()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Token = "s3cret" });

        var nodes = await client.GetNodesAsync(["a", "b c", "@web"], "online").Within("GetNodesAsync");

        Assert.Equal("lab-brain", nodes.Brain.Name);
        var request = Assert.Single(brain.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/nodes?targets=a,b%20c,%40web&state=online", request.RawUrl);
        Assert.Equal("Bearer s3cret", request.Authorization);
    }

    [Fact]
    public async Task GetNodesAsync_NoTargetsNoToken_SendsNoQueryAndNoAuthorization()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(NoNodes)));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        await client.GetNodesAsync([], null).Within("GetNodesAsync");

        var request = Assert.Single(brain.Requests);
        Assert.Equal("/api/v1/nodes", request.RawUrl);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task GetInfoAsync_BaseAddressWithPath_KeepsThePath()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Brain)));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri(brain.Address, "octopoda/") });

        await client.GetInfoAsync().Within("GetInfoAsync");

        Assert.Equal("/octopoda/api/v1/info", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task RunCommandAsync_Accepted202_PostsRequestAndReturnsSubmission()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1", "n2"))));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var submission = await client.RunCommandAsync(new RunCommandRequest { Command = "uname -a", Targets = ["n1", "n2"], TtlSeconds = 5 })
            .Within("RunCommandAsync");

        Assert.Equal("b-1", submission.BatchId);
        Assert.Equal(["n1", "n2"], submission.Tasks.Select(t => t.Node));
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", "/api/v1/commands"), (request.Method, request.RawUrl));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.RunCommandRequest)!;
        Assert.Equal(("uname -a", 5), (sent.Command, sent.TtlSeconds));
        Assert.Equal(["n1", "n2"], sent.Targets);
    }

    [Fact]
    public async Task PruneNodesAsync_Targets_PostsPruneRequest()
    {
        var answer = JsonSerializer.Serialize(new PruneResponse { Pruned = ["old"], Kept = ["n1"] }, ProtocolJsonContext.Default.PruneResponse);
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, answer));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var result = await client.PruneNodesAsync(["ALL"]).Within("PruneNodesAsync");

        Assert.Equal(["old"], result.Pruned);
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", "/api/v1/nodes/prune"), (request.Method, request.RawUrl));
        Assert.Equal(["ALL"], JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.PruneRequest)!.Targets);
    }

    [Fact]
    public async Task GetTaskAsync_Id_GetsEscapedTaskPath()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", Protocol.Tasks.TaskState.Succeeded, 0))));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var task = await client.GetTaskAsync("t/1").Within("GetTaskAsync");

        Assert.Equal("t-n1", task.Id);
        Assert.Equal("/api/v1/tasks/t%2F1", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public void Constructor_Misuse_ThrowsBclExceptions()
    {
        Assert.Throws<ArgumentNullException>(() => new OctopodaClient(null!));
        Assert.Throws<ArgumentException>(() => new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("/relative", UriKind.Relative) }));
        Assert.Throws<ArgumentException>(() => new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("ftp://h/") }));
        Assert.Throws<ArgumentException>(() => new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("https://h/"), CaFingerprint = "abc" }));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("https://h/") });
        Assert.Throws<ArgumentException>(() => client.WaitBatchAsync(""));
        Assert.Throws<ArgumentNullException>(() => { _ = client.PruneNodesAsync(null!); });
    }
}
