using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Client;

public sealed class OctopodaClientErrorTests
{
    [Fact]
    public async Task GetInfoAsync_ClosedPort_ThrowsTransientNamingAddressAndCause()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = address });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync"));

        Assert.IsNotType<OctopodaApiException>(ex);
        Assert.True(ex.IsTransient);
        Assert.Equal($"cannot reach the Brain at http://127.0.0.1:{address.Port}: connection refused", ex.Message);
    }

    [Fact]
    public async Task RunCommandAsync_ProblemJson400_ThrowsApiExceptionWithProblem()
    {
        var problem = new ApiProblem
        {
            Title = "Bad targets",
            Status = 400,
            Detail = "2 targets are not known nodes",
            Errors = new Dictionary<string, string[]> { ["targets"] = ["unknown node 'ghost'", "unknown node 'spook'"] },
        };
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 400, Samples.Json(problem), "application/problem+json"));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(() =>
            client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["ghost", "spook"] }).Within("RunCommandAsync"));

        Assert.Equal(400, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal("2 targets are not known nodes", ex.Problem?.Detail);
        Assert.Equal(["unknown node 'ghost'", "unknown node 'spook'"], ex.Problem!.Errors!["targets"]);
        Assert.Equal("2 targets are not known nodes (targets: unknown node 'ghost'; targets: unknown node 'spook')", ex.Message);
    }

    [Fact]
    public async Task GetNodesAsync_Unauthorized_ThrowsApiExceptionWith401()
    {
        await using var brain = FakeBrain.Start((context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.Close();
            return Task.CompletedTask;
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Token = "wrong" });

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(() => client.GetNodesAsync().Within("GetNodesAsync"));

        Assert.Equal(401, ex.StatusCode);
        Assert.Null(ex.Problem);
        Assert.StartsWith("the Brain answered 401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfoAsync_BrainNeverAnswers_ThrowsTransientTimeout()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            await release.Task;
            context.Response.Close();
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Timeout = TimeSpan.FromMilliseconds(300) });

        try
        {
            var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync"));

            Assert.True(ex.IsTransient);
            Assert.Equal($"the Brain at http://127.0.0.1:{brain.Address.Port} did not answer within 300 ms", ex.Message);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task GetInfoAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            received.SetResult();
            await release.Task;
            context.Response.Close();
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });
        using var cancel = new CancellationTokenSource();

        try
        {
            var call = client.GetInfoAsync(cancel.Token);
            await received.Task.Within("the request to arrive");
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within("GetInfoAsync to stop"));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task GetInfoAsync_BodyNotJson_ThrowsNonTransientUnreadable()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, "<html>proxy</html>"));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("GetInfoAsync"));

        Assert.False(ex.IsTransient);
        Assert.Contains("sent an answer this client cannot read", ex.Message, StringComparison.Ordinal);
    }
}
