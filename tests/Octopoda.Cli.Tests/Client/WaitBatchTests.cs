using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Client;

public sealed class WaitBatchTests
{
    [Fact]
    public async Task WaitBatchAsync_NdjsonStream_YieldsEachTaskBeforeTheNextIsSent()
    {
        var secondMaySend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            FakeBrain.BeginStream(context);
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0, "hello\n")));
            await secondMaySend.Task;
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Task("n2", TaskState.Failed, 2, stderr: "boom\n")));
            context.Response.Close();
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        await using var stream = client.WaitBatchAsync("b-1", TimeSpan.FromSeconds(90)).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync().AsTask().Within("the first task"));
        Assert.Equal(("n1", TaskState.Succeeded, "hello\n"), (stream.Current.Node, stream.Current.State, stream.Current.Stdout));
        secondMaySend.SetResult();
        Assert.True(await stream.MoveNextAsync().AsTask().Within("the second task"));
        Assert.Equal(("n2", TaskState.Failed, 2), (stream.Current.Node, stream.Current.State, stream.Current.ExitCode));
        Assert.False(await stream.MoveNextAsync().AsTask().Within("the end of the stream"));

        var request = Assert.Single(brain.Requests);
        Assert.Equal("/api/v1/batches/b-1/wait?timeoutSeconds=90", request.RawUrl);
        Assert.Equal("application/x-ndjson", request.Accept);
    }

    [Fact]
    public async Task WaitBatchAsync_UnknownBatch_ThrowsApiExceptionOnFirstMove()
    {
        var problem = new ApiProblem { Title = "Not found", Status = 404, Detail = "no batch 'nope'" };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 404, Samples.Json(problem), "application/problem+json"));
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address });

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(async () =>
        {
            await foreach (var _ in client.WaitBatchAsync("nope"))
            {
            }
        }).Within("the wait to fail");

        Assert.Equal((404, "no batch 'nope'"), (ex.StatusCode, ex.Message));
        Assert.Equal("/api/v1/batches/nope/wait", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task WaitBatchAsync_LongerThanClientTimeout_IsNotCut()
    {
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            if (request.Path == ApiRoutes.Info)
            {
                // Never answered in time: its timing out shows the client's timeout has passed.
                await finish.Task;
                context.Response.Close();
                return;
            }

            FakeBrain.BeginStream(context);
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0)));
            await finish.Task;
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Task("n2", TaskState.Succeeded, 0)));
            context.Response.Close();
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Timeout = TimeSpan.FromMilliseconds(300) });

        var nodes = new List<string>();
        await using (var stream = client.WaitBatchAsync("b-1").GetAsyncEnumerator())
        {
            Assert.True(await stream.MoveNextAsync().AsTask().Within("the first task"));
            nodes.Add(stream.Current.Node);
            var ex = await Assert.ThrowsAsync<OctopodaException>(() => client.GetInfoAsync().Within("a plain request to time out"));
            Assert.Contains("did not answer within", ex.Message, StringComparison.Ordinal);
            finish.SetResult();
            while (await stream.MoveNextAsync().AsTask().Within("the rest of the stream"))
            {
                nodes.Add(stream.Current.Node);
            }
        }

        Assert.Equal(["n1", "n2"], nodes);
    }
}
