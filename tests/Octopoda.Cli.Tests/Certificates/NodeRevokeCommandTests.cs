using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Certificates;

/// <summary><c>octl node revoke</c> against a fake Brain: the request it sends and what it prints.</summary>
public sealed class NodeRevokeCommandTests : IDisposable
{
    private static readonly RevokeNodeResponse Revoked = new()
    {
        Node = "n1",
        Thumbprint = new string('a', 64),
        RevokedAt = Samples.Now,
        Disconnected = true,
    };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Revoke_PostsTheNodeAndReason_PrintsWhatHappened()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(Revoked, ProtocolJsonContext.Default.RevokeNodeResponse)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "revoke", "n1", "--reason", "stolen");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(ApiRoutes.NodesRevoke, request.Path);
        var body = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.RevokeNodeRequest)!;
        Assert.Equal("n1", body.Node);
        Assert.Equal("stolen", body.Reason);
        Assert.Contains("n1: certificate aaaaaaaaaaaaaaaa… revoked; its connection was closed", result.Out, StringComparison.Ordinal);
        Assert.Contains("new join token", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_Json_StdoutIsTheBrainsAnswer()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(Revoked, ProtocolJsonContext.Default.RevokeNodeResponse)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "revoke", "n1", "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(Revoked, JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.RevokeNodeResponse));
    }

    [Fact]
    public async Task Revoke_UnknownNode_ApiErrorWithTheBrainsDetail()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 404,
            Samples.Json(new ApiProblem { Title = "Not found", Status = 404, Detail = "Node ghost is not known to this Brain" }), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "revoke", "ghost");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Contains("Node ghost is not known to this Brain", result.Error, StringComparison.Ordinal);
    }
}
