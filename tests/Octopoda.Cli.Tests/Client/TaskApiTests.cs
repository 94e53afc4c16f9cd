using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Client;

/// <summary>The SDK's task, schedule, probe and metrics calls: what they send and how they read the answers.</summary>
public sealed class TaskApiTests
{
    private static readonly DeliveryMetrics Metrics = new()
    {
        TasksByState = new Dictionary<string, long> { ["queued"] = 2 },
        Queues = [new NodeQueueDepth { Node = "n1", Queued = 2 }],
        DispatchLatency = new LatencySummary { Count = 1, P50Ms = 1.5 },
        CompletionLatency = new LatencySummary(),
    };

    [Fact]
    public async Task ListTasksAsync_Filters_SendsThemAsQuery()
    {
        var answer = Samples.Json(new TaskListResponse { Tasks = [Samples.Task("n1", TaskState.Failed, 1)], More = true }, ProtocolJsonContext.Default.TaskListResponse);
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, answer));
        using var client = Client(brain);

        var list = await client.ListTasksAsync(node: "n1", state: "failed", batch: "b 1", limit: 5).Within("ListTasksAsync");

        Assert.True(list.More);
        Assert.Equal("n1", Assert.Single(list.Tasks).Node);
        Assert.Equal("/api/v1/tasks?node=n1&state=failed&batch=b%201&limit=5", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task WaitTaskAsync_TimeoutLongerThanClientTimeout_SendsWholeSecondsAndIsNotCut()
    {
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            // Longer than the client's 300 ms timeout, within the wait's own 1.2 s.
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            await FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0)));
        });
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = brain.Address, Timeout = TimeSpan.FromMilliseconds(300) });

        var task = await client.WaitTaskAsync("abcd", TimeSpan.FromSeconds(1.2)).Within("WaitTaskAsync");

        Assert.Equal(TaskState.Succeeded, task.State);
        Assert.Equal("/api/v1/tasks/abcd/wait?timeoutSeconds=2", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task StreamTaskAsync_Ndjson_YieldsEachEventBeforeTheNextIsSent()
    {
        var finalMaySend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            FakeBrain.BeginStream(context);
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 0, "hello\n")));
            await finalMaySend.Task;
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Final(Samples.Task("n1", TaskState.Succeeded, 0, "hello\n"))));
            context.Response.Close();
        });
        using var client = Client(brain);

        await using var stream = client.StreamTaskAsync("t-n1").GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync().AsTask().Within("the output event"));
        Assert.Equal((TaskStreamEvent.OutputType, "stdout", 0L, "hello\n"), (stream.Current.Type, stream.Current.Stream, stream.Current.Offset!.Value, stream.Current.Data));
        finalMaySend.SetResult();
        Assert.True(await stream.MoveNextAsync().AsTask().Within("the final event"));
        Assert.Equal((TaskStreamEvent.FinalType, TaskState.Succeeded), (stream.Current.Type, stream.Current.Task!.State));
        Assert.False(await stream.MoveNextAsync().AsTask().Within("the end of the stream"));
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("/api/v1/tasks/t-n1/stream", "application/x-ndjson"), (request.RawUrl, request.Accept));
    }

    [Fact]
    public async Task StreamBatchAsync_UnknownBatch_ThrowsApiExceptionOnFirstMove()
    {
        var problem = new ApiProblem { Status = 404, Detail = "No batch has the id 'nope'." };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 404, Samples.Json(problem), "application/problem+json"));
        using var client = Client(brain);

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(async () =>
        {
            await foreach (var _ in client.StreamBatchAsync("nope"))
            {
            }
        }).Within("the stream to fail");

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("/api/v1/batches/nope/stream", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task GetTaskAsync_AmbiguousPrefix_ExposesCandidates()
    {
        var problem = new ApiProblem
        {
            Status = 409,
            Detail = "The prefix 'abcd' matches more than one task; give more characters of the id.",
            Errors = new Dictionary<string, string[]> { ["candidates"] = ["abcd01 (n1, command: ls)", "abcd02 (n2, command: ls)"] },
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 409, Samples.Json(problem), "application/problem+json"));
        using var client = Client(brain);

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(() => client.GetTaskAsync("abcd").Within("GetTaskAsync"));

        Assert.Equal(409, ex.StatusCode);
        Assert.Equal(["abcd01 (n1, command: ls)", "abcd02 (n2, command: ls)"], ex.Candidates);
    }

    [Fact]
    public async Task GetTaskAsync_NotFound_HasNoCandidates()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 404, Samples.Json(new ApiProblem { Status = 404, Detail = "No task has the id 'ffff'." }), "application/problem+json"));
        using var client = Client(brain);

        var ex = await Assert.ThrowsAsync<OctopodaApiException>(() => client.GetTaskAsync("ffff").Within("GetTaskAsync"));

        Assert.Empty(ex.Candidates);
    }

    [Fact]
    public async Task CancelCalls_PostToTheTaskAndBatchRoutes()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path.StartsWith(ApiRoutes.Batches, StringComparison.Ordinal)
            ? FakeBrain.RespondAsync(context, 200, Samples.Json([Samples.Task("n1", TaskState.Cancelled)]))
            : FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Cancelled))));
        using var client = Client(brain);

        var task = await client.CancelTaskAsync("t-n1").Within("CancelTaskAsync");
        var batch = await client.CancelBatchAsync("b-1").Within("CancelBatchAsync");

        Assert.Equal(TaskState.Cancelled, task.State);
        Assert.Equal(TaskState.Cancelled, Assert.Single(batch).State);
        Assert.Equal(
            [("POST", "/api/v1/tasks/t-n1/cancel"), ("POST", "/api/v1/batches/b-1/cancel")],
            brain.Requests.Select(r => (r.Method, r.RawUrl)));
    }

    [Fact]
    public async Task ScheduleCalls_ListAndDelete()
    {
        var schedule = new ScheduleView
        {
            Id = "s-1", Description = "uptime", Targets = ["ALL"], EverySeconds = 60, CreatedAt = Samples.Now, Until = Samples.Now.AddHours(1),
        };
        await using var brain = FakeBrain.Start((context, request) => request.Method == "DELETE"
            ? FakeBrain.RespondAsync(context, 200, Samples.Json(schedule with { Ended = true }, ProtocolJsonContext.Default.ScheduleView))
            : FakeBrain.RespondAsync(context, 200, Samples.Json<IReadOnlyList<ScheduleView>>([schedule], ProtocolJsonContext.Default.IReadOnlyListScheduleView)));
        using var client = Client(brain);

        var schedules = await client.ListSchedulesAsync().Within("ListSchedulesAsync");
        var stopped = await client.StopScheduleAsync("s-1").Within("StopScheduleAsync");

        Assert.Equal("s-1", Assert.Single(schedules).Id);
        Assert.True(stopped.Ended);
        Assert.Equal([("GET", "/api/v1/schedules"), ("DELETE", "/api/v1/schedules/s-1")], brain.Requests.Select(r => (r.Method, r.RawUrl)));
    }

    [Fact]
    public async Task ProbeCalls_PostTheirRequests()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1"))));
        using var client = Client(brain);

        await client.TailAsync(new TailRequest { Node = "n1", Path = "/var/log/syslog", Lines = 5 }).Within("TailAsync");
        await client.HttpGetAsync(new HttpGetRequest { Url = "http://example.com/", Targets = ["n1"], MaxBytes = 10 }).Within("HttpGetAsync");

        var requests = brain.Requests.ToArray();
        Assert.Equal(("POST", "/api/v1/tail"), (requests[0].Method, requests[0].RawUrl));
        Assert.Equal(5, JsonSerializer.Deserialize(requests[0].Body, ProtocolJsonContext.Default.TailRequest)!.Lines);
        Assert.Equal(("POST", "/api/v1/httpget"), (requests[1].Method, requests[1].RawUrl));
        Assert.Equal(10, JsonSerializer.Deserialize(requests[1].Body, ProtocolJsonContext.Default.HttpGetRequest)!.MaxBytes);
    }

    [Fact]
    public async Task GetDeliveryMetricsAsync_ReadsTheDocument()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Metrics, ProtocolJsonContext.Default.DeliveryMetrics)));
        using var client = Client(brain);

        var metrics = await client.GetDeliveryMetricsAsync().Within("GetDeliveryMetricsAsync");

        Assert.Equal(2, metrics.TasksByState["queued"]);
        Assert.Equal(1.5, metrics.DispatchLatency.P50Ms);
        Assert.Equal("/api/v1/metrics/delivery", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public void Calls_Misuse_ThrowBclExceptions()
    {
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("https://h/") });

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.ListTasksAsync(limit: 0); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.WaitTaskAsync("abcd", TimeSpan.Zero); });
        Assert.Throws<ArgumentException>(() => client.StreamTaskAsync(" "));
        Assert.Throws<ArgumentException>(() => client.StreamBatchAsync(""));
        Assert.Throws<ArgumentNullException>(() => { _ = client.TailAsync(null!); });
    }

    private static OctopodaClient Client(FakeBrain brain) => new(new OctopodaClientOptions { BaseAddress = brain.Address });
}
