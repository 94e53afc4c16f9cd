using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Tasks;

/// <summary><c>octl task …</c> end to end against a fake Brain on a real socket.</summary>
public sealed class TaskCommandsTests : IDisposable
{
    private static readonly string IdA = Samples.Id("3f2a9c1b0d4e5f");
    private static readonly string IdB = Samples.Id("77aa");

    private static readonly ApiProblem Ambiguous = new()
    {
        Title = "Conflict",
        Status = 409,
        Detail = "The prefix 'abcd' matches more than one task; give more characters of the id.",
        Errors = new Dictionary<string, string[]>
        {
            ["candidates"] = ["abcd0000000000000000000000000001 (n1, command: uname -a)", "abcd1111111111111111111111111111 (n2, command: ls)"],
        },
    };

    private static readonly ApiProblem NotFound = new() { Title = "Not found", Status = 404, Detail = "No task has the id 'ffff'; 'octl task list' shows ids." };

    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now.AddMinutes(5)) };

    [Fact]
    public async Task List_Table_ShowsShortIdsStatesAgesAndDescriptions()
    {
        var list = new TaskListResponse
        {
            Tasks =
            [
                Samples.Task("n1", TaskState.Failed, 2) with { Id = IdA, Description = "systemctl restart nginx" },
                Samples.Task("n2", TaskState.Running) with { Id = IdB, Kind = TaskKinds.Tail, Description = "tail /var/log/syslog", CreatedAt = Samples.Now.AddSeconds(162) },
            ],
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(list, ProtocolJsonContext.Default.TaskListResponse)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "list", "--node", "n1", "--state", "Failed", "--batch", "b-1", "-n", "20");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^ID\s+NODE\s+KIND\s+STATE\s+EXIT\s+AGE\s+DESCRIPTION\s*$", lines[0]);
        Assert.Matches(@"^3f2a9c1b0d4e\s+n1\s+command\s+failed\s+2\s+5m00s\s+systemctl restart nginx\s*$", lines[1]);
        Assert.Matches(@"^77aa00000000\s+n2\s+tail\s+running\s+2m18s\s+tail /var/log/syslog\s*$", lines[2]);
        Assert.Equal("2 tasks", lines[3]);
        Assert.Equal("/api/v1/tasks?node=n1&state=failed&batch=b-1&limit=20", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task List_MoreMatch_SaysHowToSeeThem()
    {
        var list = new TaskListResponse { Tasks = [Samples.Task("n1", TaskState.Succeeded, 0) with { Id = IdA }], More = true };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(list, ProtocolJsonContext.Default.TaskListResponse)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "list", "--limit", "1");

        Assert.EndsWith("the newest 1 task; more match: raise --limit or narrow with --node, --state or --batch\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_JsonAndLines_PrintDataOnly()
    {
        var list = new TaskListResponse { Tasks = [Samples.Task("n1", TaskState.Succeeded, 0) with { Id = IdA }, Samples.Task("n2", TaskState.Queued) with { Id = IdB }] };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(list, ProtocolJsonContext.Default.TaskListResponse)));

        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "task", "list");
        var lines = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "task", "list");

        Assert.Equal([IdA, IdB], JsonSerializer.Deserialize(json.Out, ProtocolJsonContext.Default.TaskListResponse)!.Tasks.Select(t => t.Id));
        Assert.Equal($"{IdA}\n{IdB}\n", lines.Out);
        Assert.Equal("", json.Error + lines.Error);
    }

    [Theory]
    [InlineData("task", "list", "--state", "done")]
    [InlineData("task", "list", "--limit", "0")]
    [InlineData("task", "get", "abc")]
    [InlineData("task", "get")]
    [InlineData("task", "cancel", "abcd", "ab")]
    [InlineData("task", "logs", "xyz")]
    [InlineData("task", "wait", "abcd", "--timeout", "0")]
    public async Task RunAsync_BadArguments_ExitsUsageAndSendsNothing(params string[] args)
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 500, "{}"));

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Get_Table_ShowsDetailsTimelineAndOutput()
    {
        var task = Samples.Task("n1", TaskState.Failed, 2, "partial\n", "cp: cannot stat 'x'\n", "exited 2") with
        {
            Id = IdA,
            Description = "cp x y",
            SubmittedBy = "admin",
            ScheduleId = "s-1",
            DispatchedAt = Samples.Now.AddMilliseconds(4),
            StartedAt = Samples.Now.AddMilliseconds(30),
            FinishedAt = Samples.Now.AddMilliseconds(42),
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(task)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "get", "3f2a9c");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches($@"ID\s+{IdA} *\n", result.Out);
        Assert.Matches(@"STATE\s+failed *\n", result.Out);
        Assert.Matches(@"EXIT\s+2 *\n", result.Out);
        Assert.Matches(@"ERROR\s+exited 2 *\n", result.Out);
        Assert.Matches(@"SCHEDULE\s+s-1 *\n", result.Out);
        Assert.Matches(@"CREATED\s+2025-11-21 12:00:00\.000 \+00:00 \(5m00s ago\) *\n", result.Out);
        Assert.Matches(@"STARTED\s+2025-11-21 12:00:00\.030 \+00:00 \(\+30 ms\) *\n", result.Out);
        Assert.DoesNotContain("ACCEPTED", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("stdout:\npartial\nstderr:\ncp: cannot stat 'x'\n", result.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/tasks/3f2a9c", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Get_Json_StdoutIsTheTask()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0) with { Id = IdA })));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "task", "get", IdA);

        Assert.Equal(IdA, JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.TaskView)!.Id);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("wait")]
    [InlineData("logs")]
    [InlineData("cancel")]
    public async Task IdCommands_AmbiguousPrefix_ListCandidatesAndExitUsage(string verb)
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 409, Samples.Json(Ambiguous), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", verb, "abcd");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal(
            "error: The prefix 'abcd' matches more than one task; give more characters of the id.\n" +
            "  abcd0000000000000000000000000001 (n1, command: uname -a)\n" +
            "  abcd1111111111111111111111111111 (n2, command: ls)\n",
            result.Error);
    }

    [Fact]
    public async Task Get_UnknownId_ExitsApiErrorWithTheBrainsWords()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 404, Samples.Json(NotFound), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "get", "ffff");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Equal("error: No task has the id 'ffff'; 'octl task list' shows ids.\n", result.Error);
    }

    [Theory]
    [InlineData(TaskState.Succeeded, ExitCodes.Success)]
    [InlineData(TaskState.Failed, ExitCodes.TaskFailed)]
    [InlineData(TaskState.Lost, ExitCodes.TaskFailed)]
    [InlineData(TaskState.Expired, ExitCodes.NodesUnreachable)]
    [InlineData(TaskState.Running, ExitCodes.TaskFailed)]
    public async Task Wait_Verdict_IsTheExitCode(TaskState state, int expected)
    {
        var task = Samples.Task("n1", state, state == TaskState.Failed ? 1 : null, "out\n") with { Id = IdA };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(task)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "wait", "3f2a", "--timeout", "1m30s");

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.StartsWith($"n1 · {state.ToWireName()}", result.Out, StringComparison.Ordinal);
        Assert.Contains("out\n", result.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/tasks/3f2a/wait?timeoutSeconds=90", Assert.Single(brain.Requests).RawUrl);
        if (state == TaskState.Running)
        {
            Assert.Equal("octl: stopped waiting after 1m30s; task 3f2a9c1b0d4e is still running\n", result.Error);
        }
    }

    [Fact]
    public async Task Logs_Plain_StdoutToStdoutStderrToStderrAndNothingElse()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Failed, 1, "line 1\nline 2", "warn\n") with { Id = IdA })));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "logs", "3f2a");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("line 1\nline 2", result.Out);
        Assert.Equal("warn\n", result.Error);
    }

    [Fact]
    public async Task Logs_Follow_PrintsEachChunkOnceInOrderAndExitsWithTheVerdict()
    {
        var final = Samples.Task("n1", TaskState.Failed, 3, "a\nbc\nd\n", "e\n");
        await using var brain = FakeBrain.Start((context, request) => request.Path == "/api/v1/tasks/3f2a/stream"
            ? FakeBrain.StreamAsync(context,
                Samples.Json(Samples.Chunk("n1", 0, "a\nb")),
                Samples.Json(Samples.Chunk("n1", 0, "a\nb")),
                Samples.Json(Samples.Chunk("n1", 2, "bc\n")),
                Samples.Json(Samples.Chunk("n1", 0, "e\n", "stderr")),
                Samples.Json(Samples.Chunk("n1", 5, "d\n")),
                Samples.Json(Samples.Final(final)))
            : FakeBrain.RespondAsync(context, 404, "{}"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "logs", "--follow", "3f2a");

        Assert.True(result.ExitCode == ExitCodes.TaskFailed, result.ToString());
        Assert.Equal("a\nbc\nd\n", result.Out);
        Assert.Equal("e\noctl: n1: failed, exit 3\n", result.Error);
    }

    [Fact]
    public async Task Logs_FollowStreamEndsWithoutFinal_FetchesTheTaskForTheRest()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path.EndsWith("/stream", StringComparison.Ordinal)
            ? FakeBrain.StreamAsync(context, Samples.Json(Samples.Chunk("n1", 0, "one\n")))
            : FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0, "one\ntwo\n"))));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "logs", "-f", "t-n1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("one\ntwo\n", result.Out);
        Assert.Equal(["/api/v1/tasks/t-n1/stream", "/api/v1/tasks/t-n1"], brain.Requests.Select(r => r.RawUrl));
    }

    [Fact]
    public async Task Logs_FollowCtrlC_StopsFollowingWithoutCancellingTheTask()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            FakeBrain.BeginStream(context);
            await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 0, "tick\n")));
            await release.Task;
        });
        using var stdout = new WatchedWriter();
        using var stderr = new WatchedWriter();
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(stdout, stderr, interrupt.Token, "--brain", brain.Address.ToString(), "task", "logs", "-f", "t-n1");
            await stdout.WaitForAsync("tick\n").Within("the first output");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
            Assert.DoesNotContain(brain.Requests, r => r.Method == "POST");
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Cancel_SeveralIds_ReportsEachAndGoesOnPastAnUnknownOne()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path switch
        {
            "/api/v1/tasks/3f2a/cancel" => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Cancelled) with { Id = IdA })),
            "/api/v1/tasks/77aa/cancel" => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n2", TaskState.Running) with { Id = IdB })),
            "/api/v1/tasks/cccc/cancel" => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n3", TaskState.Succeeded, 0) with { Id = Samples.Id("cccc") })),
            _ => FakeBrain.RespondAsync(context, 404, Samples.Json(NotFound), "application/problem+json"),
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "cancel", "3f2a", "ffff", "77aa", "cccc");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Equal(
            "cancelled 3f2a9c1b0d4e on n1\n" +
            "cancelling 77aa00000000 on n2: it is running; it ends cancelled once its node has stopped it\n" +
            "cccc00000000 on n3 had already finished: succeeded\n",
            result.Out);
        Assert.Equal("error: No task has the id 'ffff'; 'octl task list' shows ids.\n", result.Error);
        Assert.All(brain.Requests, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task Cancel_Json_ArrayOfTheTasks()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Cancelled) with { Id = IdA })));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "task", "cancel", IdA);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var tasks = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.IReadOnlyListTaskView)!;
        Assert.Equal(TaskState.Cancelled, Assert.Single(tasks).State);
    }

    [Fact]
    public async Task Stats_Table_ShowsCountsLatenciesAndQueues()
    {
        var metrics = new DeliveryMetrics
        {
            TasksByState = new Dictionary<string, long> { ["queued"] = 3, ["running"] = 2, ["succeeded"] = 120, ["failed"] = 4 },
            Queues = [new NodeQueueDepth { Node = "n7", Queued = 3, Dispatched = 1, InFlight = 2 }],
            Dispatched = 130,
            Redispatched = 2,
            ResultsReceived = 128,
            DuplicateResults = 1,
            Expired = 1,
            DispatchLatency = new LatencySummary { Count = 128, P50Ms = 1.2, P90Ms = 3.4, P99Ms = 12, MaxMs = 1_500 },
            CompletionLatency = new LatencySummary(),
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(metrics, ProtocolJsonContext.Default.DeliveryMetrics)));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "task", "stats");
        var lines = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "task", "stats");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.StartsWith(
            "tasks queued 3 · dispatched 0 · accepted 0 · running 2 · succeeded 120 · failed 4 · cancelled 0 · expired 0 · lost 0\n" +
            "since the Brain started: 130 dispatched, 2 redispatched, 128 results (1 duplicate), 1 expired\n",
            result.Out,
            StringComparison.Ordinal);
        Assert.Matches(@"dispatch\s+128\s+1\.2 ms\s+3\.4 ms\s+12 ms\s+1\.5 s", result.Out);
        Assert.Matches(@"completion\s+0\s+-\s+-\s+-\s+-", result.Out);
        Assert.Matches(@"n7\s+3\s+1\s+2", result.Out);
        Assert.Contains("latency.dispatch.p99_ms=12\n", lines.Out, StringComparison.Ordinal);
        Assert.Contains("queue.n7.in_flight=2\n", lines.Out, StringComparison.Ordinal);
        Assert.Equal("/api/v1/metrics/delivery", brain.Requests.First().RawUrl);
    }

    public void Dispose() => _runner.Dispose();
}
