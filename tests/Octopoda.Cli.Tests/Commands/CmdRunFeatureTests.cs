using System.Text.Json;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Commands;

/// <summary><c>cmd run --follow</c>, <c>-ta</c>, <c>--every/--for</c> and <c>cmd xrun</c> against a fake Brain.</summary>
public sealed class CmdRunFeatureTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Follow_TwoNodes_PrefixesEachLineOnceInOrderStderrToStderr()
    {
        var n1 = Samples.Task("n1", TaskState.Succeeded, 0, "hello\nworld\n");
        var n2 = Samples.Task("n2", TaskState.Failed, 1, "b1\n", "oops\n");
        await using var brain = StreamingBrain(
            Samples.Submission("n1", "n2"),
            Samples.Chunk("n1", 0, "hel"),
            Samples.Chunk("n2", 0, "b1\n"),
            Samples.Chunk("n1", 3, "lo\nwor"),
            Samples.Chunk("n1", 0, "hel"),
            Samples.Chunk("n1", 9, "ld\n"),
            Samples.Chunk("n2", 0, "oops\n", "stderr"),
            Samples.Final(n1),
            Samples.Final(n2));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "--follow", "ls", "n1", "n2");

        Assert.True(result.ExitCode == ExitCodes.TaskFailed, result.ToString());
        Assert.Equal("n2: b1\nn1: hello\nn1: world\n", result.Out);
        Assert.Equal(
            "batch b-1 · 2 nodes\nn2: oops\noctl: n2: failed, exit 1\n2 nodes: 1 succeeded, 1 failed, 0 unreachable\n",
            result.Error);
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/batches/b-1/stream");
        Assert.DoesNotContain(brain.Requests, r => r.RawUrl.Contains("/wait", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follow_OneNode_WritesOutputRaw()
    {
        var n1 = Samples.Task("n1", TaskState.Succeeded, 0, "tick 1\ntick 2\n");
        await using var brain = StreamingBrain(Samples.Submission("n1"), Samples.Chunk("n1", 0, "tick 1\nti"), Samples.Chunk("n1", 9, "ck 2\n"), Samples.Final(n1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "cmd", "run", "-f", "ticker", "n1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        // -o lines prefixes even one node, as pdsh does.
        Assert.Equal("n1: tick 1\nn1: tick 2\n", result.Out);

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "-f", "ticker", "n1");
        Assert.Equal("tick 1\ntick 2\n", table.Out);
        Assert.EndsWith("1 node: 1 succeeded, 0 failed, 0 unreachable\n", table.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_StreamEndsBeforeEveryFinal_FetchesTheRestAndPrintsMissingOutput()
    {
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Commands:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
                    break;
                case "/api/v1/batches/b-1/stream":
                    await FakeBrain.StreamAsync(context, Samples.Json(Samples.Chunk("n1", 0, "one\n")));
                    break;
                default:
                    await FakeBrain.RespondAsync(context, 200, Samples.Json([Samples.Task("n1", TaskState.Succeeded, 0, "one\ntwo\n")]));
                    break;
            }
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "--follow", "ls", "n1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("one\ntwo\n", result.Out);
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/batches/b-1");
    }

    [Fact]
    public async Task Follow_CtrlC_CancelsTheBatchAndExitsCancelled()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Commands:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
                    break;
                case "/api/v1/batches/b-1/cancel":
                    await FakeBrain.RespondAsync(context, 200, Samples.Json([Samples.Task("n1", TaskState.Cancelled)]));
                    break;
                default:
                    FakeBrain.BeginStream(context);
                    await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 0, "started\n")));
                    await release.Task;
                    break;
            }
        });
        using var stdout = new WatchedWriter();
        using var stderr = new WatchedWriter();
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(stdout, stderr, interrupt.Token, "--brain", brain.Address.ToString(), "cmd", "run", "--follow", "sleep 600", "n1");
            await stdout.WaitForAsync("started\n").Within("the first output");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
            Assert.Equal("started\n", result.Out);
            Assert.Contains("interrupted: cancelled batch b-1: 1 task cancelled, 0 stopping, 0 already finished", result.Error, StringComparison.Ordinal);
            Assert.Contains(brain.Requests, r => r is { Method: "POST", RawUrl: "/api/v1/batches/b-1/cancel" });
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Follow_JsonOutput_ExitsUsageAndSendsNothing()
    {
        await using var brain = Brain(Samples.Submission("n1"), []);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "--follow", "ls", "n1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("--follow", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task TimeAlign_Table_SendsAlignmentAndPrintsStartSpread()
    {
        await using var brain = Brain(Samples.Submission("n1", "n2", "n3"), Aligned());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "-ta", "--align-tolerance", "20", "date", "n1", "n2", "n3");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.EndsWith("3 nodes: 3 succeeded, 0 failed, 0 unreachable\naligned start: spread 1.3 ms over 3 nodes\n", result.Out, StringComparison.Ordinal);
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.RunCommandRequest)!;
        Assert.Equal((true, 20), (request.TimeAligned, request.AlignToleranceMs));
    }

    [Fact]
    public async Task TimeAlign_Json_ReportIncludesTheSpread()
    {
        await using var brain = Brain(Samples.Submission("n1", "n2", "n3"), Aligned());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "--time-align", "date", "n1", "n2", "n3");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var aligned = document.RootElement.GetProperty("alignedStart");
        Assert.Equal((1.25, 3), (aligned.GetProperty("spreadMs").GetDouble(), aligned.GetProperty("nodes").GetInt32()));
    }

    [Fact]
    public async Task TimeAlign_NoTaskStarted_SaysSo()
    {
        await using var brain = Brain(Samples.Submission("n1"), Samples.Task("n1", TaskState.Expired, error: "node offline"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "cmd", "run", "-ta", "date", "n1");

        Assert.Equal(ExitCodes.NodesUnreachable, result.ExitCode);
        Assert.EndsWith("octl: aligned start: no task started\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_For_SendsSecondsAndShowsTheScheduleAndItsFirstBatch()
    {
        var submission = Samples.Submission("n1") with { ScheduleId = "s-1" };
        await using var brain = Brain(submission, Samples.Task("n1", TaskState.Succeeded, 0, "up\n"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "--every", "5m", "--for", "1h30m", "uptime", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.StartsWith("schedule s-1 · first run: batch b-1 · 1 node\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("schedule s-1 runs on; stop it with 'octl schedule stop s-1'\n", result.Out, StringComparison.Ordinal);
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.RunCommandRequest)!;
        Assert.Equal((300, 5400), (request.EverySeconds, request.ForSeconds));
    }

    [Fact]
    public async Task Every_Json_ReportHasTheScheduleId()
    {
        await using var brain = Brain(Samples.Submission("n1") with { ScheduleId = "s-1" }, Samples.Task("n1", TaskState.Succeeded, 0));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "--every", "60", "--for", "1h", "uptime", "n1");

        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("s-1", document.RootElement.GetProperty("scheduleId").GetString());
    }

    [Fact]
    public async Task Every_Async_PrintsTheScheduleAndIds()
    {
        await using var brain = Brain(Samples.Submission("n1") with { ScheduleId = "s-1" }, []);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "--async", "--every", "1m", "--for", "1h", "uptime", "n1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("started schedule s-1; stop it with 'octl schedule stop s-1'\nsubmitted batch b-1 to 1 node\n", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cmd", "run", "--every", "5m", "uptime", "n1")]
    [InlineData("cmd", "run", "--for", "1h", "uptime", "n1")]
    [InlineData("cmd", "run", "--every", "2h", "--for", "1h", "uptime", "n1")]
    [InlineData("cmd", "run", "--align-tolerance", "20", "date", "n1")]
    [InlineData("cmd", "run", "-ta", "--align-tolerance", "0", "date", "n1")]
    [InlineData("cmd", "run", "--follow", "--async", "date", "n1")]
    [InlineData("cmd", "xrun", "-d", "5")]
    [InlineData("cmd", "xrun", "-d", "5", "date")]
    public async Task RunAsync_InconsistentFlags_ExitsUsageAndSendsNothing(params string[] args)
    {
        await using var brain = Brain(Samples.Submission("n1"), []);

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Xrun_Delay_SendsDelayWaitsAndShowsTheRealResults()
    {
        await using var brain = Brain(Samples.Submission("n1"), Samples.Task("n1", TaskState.Succeeded, 0, "Fri Nov 21\n"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "xrun", "-d", "1m30s", "date", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("n1 · succeeded · exit 0 · 12 ms\nFri Nov 21\n", result.Out, StringComparison.Ordinal);
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.RunCommandRequest)!;
        Assert.Equal(("date", 90), (request.Command, request.DelaySeconds));
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/batches/b-1/wait");
    }

    [Fact]
    public void Xrun_Parse_TakesTheOptionsOfRun()
    {
        var context = new OctlContext(_runner.Environment(TextWriter.Null, TextWriter.Null));
        var parse = OctlApp.Parse(context, ["cmd", "xrun", "--delay-execute", "30", "-ta", "--parallel", "--ttl", "2m", "-c", "ls", "n1", "@web"]);

        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        var request = Assert.IsType<CmdXrunCommand>(parse.CommandResult.Command).BuildRequest(parse);
        Assert.Equal(("ls", 30, true, true, 120), (request.Command, request.DelaySeconds, request.TimeAligned, request.Parallel, request.TtlSeconds));
        Assert.Equal(["n1", "@web"], request.Targets);
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>Three tasks whose starts lie within 1.25 ms of each other.</summary>
    private static TaskView[] Aligned() =>
    [
        Samples.Task("n1", TaskState.Succeeded, 0) with { StartedAt = Samples.Now },
        Samples.Task("n2", TaskState.Succeeded, 0) with { StartedAt = Samples.Now.AddTicks(12_500) },
        Samples.Task("n3", TaskState.Succeeded, 0) with { StartedAt = Samples.Now.AddTicks(5_000) },
    ];

    /// <summary>A Brain that answers a run with <paramref name="submission"/> and its wait with <paramref name="results"/>.</summary>
    private static FakeBrain Brain(RunSubmission submission, params TaskView[] results) =>
        Brain(submission, results.Select(Samples.Json).ToArray(), []);

    /// <summary>A Brain that answers a run with <paramref name="submission"/> and its stream with <paramref name="events"/>.</summary>
    private static FakeBrain StreamingBrain(RunSubmission submission, params TaskStreamEvent[] events) =>
        Brain(submission, [], events.Select(Samples.Json).ToArray());

    private static FakeBrain Brain(RunSubmission submission, string[] waitLines, string[] streamLines) => FakeBrain.Start(async (context, request) =>
    {
        switch (request.Path)
        {
            case ApiRoutes.Commands:
                await FakeBrain.RespondAsync(context, 202, Samples.Json(submission));
                break;
            case "/api/v1/batches/b-1/wait":
                await FakeBrain.StreamAsync(context, waitLines);
                break;
            case "/api/v1/batches/b-1/stream":
                await FakeBrain.StreamAsync(context, streamLines);
                break;
            default:
                await FakeBrain.RespondAsync(context, 404, "{}");
                break;
        }
    });
}
