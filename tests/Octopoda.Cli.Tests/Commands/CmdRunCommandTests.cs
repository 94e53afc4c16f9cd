using System.Net;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Commands;

/// <summary><c>octl cmd run</c> end to end against a fake Brain on a real socket.</summary>
public sealed class CmdRunCommandTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Run_AllSucceed_StreamsReportAndExitsSuccess()
    {
        await using var brain = Brain(
            Samples.Task("n1", TaskState.Succeeded, 0, "Linux n1\n"),
            Samples.Task("n2", TaskState.Succeeded, 0, "Linux n2\n"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "--token", "t0k", "cmd", "run", "uname -a", "n1", "n2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("n1 · succeeded · exit 0 · 12 ms\nLinux n1\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("2 nodes: 2 succeeded, 0 failed, 0 unreachable\n", result.Out, StringComparison.Ordinal);
        var submitted = brain.Requests.Single(r => r.Method == "POST");
        var request = JsonSerializer.Deserialize(submitted.Body, ProtocolJsonContext.Default.RunCommandRequest)!;
        Assert.Equal("uname -a", request.Command);
        Assert.Equal(["n1", "n2"], request.Targets);
        Assert.Equal("Bearer t0k", submitted.Authorization);
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/batches/b-1/wait");
    }

    [Fact]
    public async Task Run_JsonOutput_StdoutIsOneDocumentAndExitReflectsFailure()
    {
        await using var brain = Brain(
            Samples.Task("n1", TaskState.Succeeded, 0, "ok\n"),
            Samples.Task("n2", TaskState.Failed, 1, stderr: "bad\n"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "-c", "check", "n1", "n2");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal((2, 1, 1, 0), (document.RootElement.GetProperty("total").GetInt32(), document.RootElement.GetProperty("succeeded").GetInt32(),
            document.RootElement.GetProperty("failed").GetInt32(), document.RootElement.GetProperty("unreachable").GetInt32()));
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Run_LinesOutput_PrefixesNodesAndExitsUnreachableWhenOnlyExpired()
    {
        await using var brain = Brain(
            Samples.Task("n1", TaskState.Succeeded, 0, "Linux host 6.1.0 GNU/Linux\n"),
            Samples.Task("n2", TaskState.Expired, error: "node offline"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "cmd", "run", "uname -a", "n1", "n2");

        Assert.Equal(ExitCodes.NodesUnreachable, result.ExitCode);
        Assert.Equal("n1: Linux host 6.1.0 GNU/Linux\n", result.Out);
        Assert.Equal("octl: n2: expired: node offline\n", result.Error);
    }

    [Fact]
    public async Task Run_Async_PrintsSubmissionWithoutWaiting()
    {
        await using var brain = Brain(Samples.Task("n1", TaskState.Succeeded, 0));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "--async", "ls", "n1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var submission = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.RunSubmission)!;
        Assert.Equal("b-1", submission.BatchId);
        Assert.DoesNotContain(brain.Requests, r => r.RawUrl.Contains("/wait", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StreamEndsEarly_FetchesTheRestAndExitsFailed()
    {
        var running = Samples.Task("n2", TaskState.Running);
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Commands:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1", "n2")));
                    break;
                case "/api/v1/batches/b-1/wait":
                    FakeBrain.BeginStream(context);
                    await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0)));
                    context.Response.Close();
                    break;
                default:
                    var batch = JsonSerializer.Serialize<IReadOnlyList<TaskView>>(
                        [Samples.Task("n1", TaskState.Succeeded, 0), running], ProtocolJsonContext.Default.IReadOnlyListTaskView);
                    await FakeBrain.RespondAsync(context, 200, batch);
                    break;
            }
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "ls", "n1", "n2");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Contains("n2 · running", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 unfinished", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CancelledWhileWaiting_CancelsBatchAndExitsCancelled()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Commands:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1", "n2")));
                    break;
                case "/api/v1/batches/b-1/cancel":
                    var tasks = JsonSerializer.Serialize<IReadOnlyList<TaskView>>(
                        [Samples.Task("n1", TaskState.Cancelled), Samples.Task("n2", TaskState.Running)], ProtocolJsonContext.Default.IReadOnlyListTaskView);
                    await FakeBrain.RespondAsync(context, 200, tasks);
                    break;
                default:
                    FakeBrain.BeginStream(context);
                    await context.Response.OutputStream.FlushAsync();
                    waiting.TrySetResult();
                    await release.Task;
                    break;
            }
        });
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(interrupt.Token, "--brain", brain.Address.ToString(), "cmd", "run", "sleep 600", "n1", "n2");
            await waiting.Task.Within("octl to start waiting");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
            Assert.Contains("error: interrupted: cancelled batch b-1: 1 task cancelled, 1 stopping, 0 already finished", result.Error, StringComparison.Ordinal);
            Assert.Contains(brain.Requests, r => r is { Method: "POST", RawUrl: "/api/v1/batches/b-1/cancel" });
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Run_CancelledAndBrainCannotCancel_SaysSoAndExitsCancelled()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var problem = new ApiProblem { Status = 404, Detail = "No batch has the id 'b-1'." };
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Commands:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
                    break;
                case "/api/v1/batches/b-1/cancel":
                    await FakeBrain.RespondAsync(context, 404, Samples.Json(problem), "application/problem+json");
                    break;
                default:
                    FakeBrain.BeginStream(context);
                    await context.Response.OutputStream.FlushAsync();
                    waiting.TrySetResult();
                    await release.Task;
                    break;
            }
        });
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(interrupt.Token, "--brain", brain.Address.ToString(), "cmd", "run", "sleep 600", "n1");
            await waiting.Task.Within("octl to start waiting");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
            Assert.Contains("could not cancel batch b-1 (No batch has the id 'b-1'.)", result.Error, StringComparison.Ordinal);
            Assert.Contains("octl task list --batch b-1", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Run_BrainRejectsTargets_ExitsApiErrorWithDetailAndEachError()
    {
        var problem = new ApiProblem
        {
            Title = "Unknown targets",
            Status = 400,
            Detail = "1 target is not a known node",
            Errors = new Dictionary<string, string[]> { ["targets"] = ["'ghost' is not a known node or group"] },
        };
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 400, Samples.Json(problem), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "cmd", "run", "ls", "ghost");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("error: 1 target is not a known node\n  targets: 'ghost' is not a known node or group\n", result.Error);
    }

    [Fact]
    public async Task Run_BrainRefusesToken_ExitsUnauthorized()
    {
        await using var brain = FakeBrain.Start((context, _) =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
            context.Response.Close();
            return Task.CompletedTask;
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "ls", "n1");

        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Contains("OCTOPODA_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BrainDown_ExitsBrainUnreachableNamingAddress()
    {
        var port = FreePort.Next();

        var result = await _runner.RunAsync("--brain", $"http://127.0.0.1:{port}", "cmd", "run", "ls", "n1");

        Assert.Equal(ExitCodes.BrainUnreachable, result.ExitCode);
        Assert.StartsWith($"error: cannot reach the Brain at http://127.0.0.1:{port}: connection refused", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>A Brain that accepts any run as batch b-1 and streams <paramref name="results"/> as its outcome.</summary>
    private static FakeBrain Brain(params TaskView[] results) => FakeBrain.Start(async (context, request) =>
    {
        if (request.Path == ApiRoutes.Commands)
        {
            await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission(results.Select(r => r.Node).ToArray())));
            return;
        }

        FakeBrain.BeginStream(context);
        foreach (var task in results)
        {
            await FakeBrain.WriteLineAsync(context, Samples.Json(task));
        }

        context.Response.Close();
    });
}
