using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Nodes;

/// <summary><c>octl node tail</c> and <c>octl node httpget</c> against a fake Brain.</summary>
public sealed class NodeProbeCommandsTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Tail_CtrlC_StopsTheTailOnTheNodeAndExitsSuccess()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            switch (request.Path)
            {
                case ApiRoutes.Tail:
                    await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
                    break;
                case "/api/v1/tasks/t-n1/cancel":
                    await FakeBrain.RespondAsync(context, 200, Samples.Json(Samples.Task("n1", TaskState.Running)));
                    break;
                default:
                    FakeBrain.BeginStream(context);
                    await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 0, "Nov 21 12:00 old line\n")));
                    await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 22, "Nov 21 12:01 new li")));
                    await FakeBrain.WriteLineAsync(context, Samples.Json(Samples.Chunk("n1", 41, "ne\n")));
                    await release.Task;
                    break;
            }
        });
        using var stdout = new WatchedWriter();
        using var stderr = new WatchedWriter();
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(stdout, stderr, interrupt.Token,
                "--brain", brain.Address.ToString(), "node", "tail", "/var/log/syslog", "n1", "-n", "1", "--timeout", "10m");
            await stdout.WaitForAsync("new line\n").Within("the tailed lines");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
            Assert.Equal("Nov 21 12:00 old line\nNov 21 12:01 new line\n", result.Out);
            Assert.Equal("", result.Error);
            var tail = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.TailRequest)!;
            Assert.Equal(("n1", "/var/log/syslog", 1, 600), (tail.Node, tail.Path, tail.Lines, tail.TimeoutSeconds));
            Assert.Contains(brain.Requests, r => r is { Method: "POST", RawUrl: "/api/v1/tasks/t-n1/cancel" });
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Tail_TaskEnds_ExitsWithItsVerdictAndSaysWhy()
    {
        var failed = Samples.Task("n1", TaskState.Failed, error: "cannot open /nope: no such file");
        await using var brain = FakeBrain.Start((context, request) => request.Path == ApiRoutes.Tail
            ? FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")))
            : FakeBrain.StreamAsync(context, Samples.Json(Samples.Final(failed))));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "node", "tail", "/nope", "n1");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Equal("octl: n1: failed: cannot open /nope: no such file\n", result.Error);
        Assert.Equal(10, JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.TailRequest)!.Lines);
    }

    [Theory]
    [InlineData("-o", "json", "node", "tail", "/var/log/syslog", "n1")]
    [InlineData("node", "tail", "/var/log/syslog")]
    [InlineData("node", "tail", "/var/log/syslog", "n1", "-n", "-3")]
    [InlineData("node", "httpget", "example.com", "n1")]
    [InlineData("node", "httpget", "ftp://example.com/x", "n1")]
    [InlineData("node", "httpget", "http://example.com/")]
    [InlineData("node", "httpget", "http://example.com/", "n1", "--max-bytes", "0")]
    public async Task RunAsync_BadArguments_ExitsUsageAndSendsNothing(params string[] args)
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 500, "{}"));

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task HttpGet_Table_PostsTheRequestWaitsAndShowsEachBody()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path == ApiRoutes.HttpGet
            ? FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1", "n2")))
            : FakeBrain.StreamAsync(context,
                Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0, "{\"ok\":true}")),
                Samples.Json(Samples.Task("n2", TaskState.Failed, error: "connection refused"))));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(),
            "node", "httpget", "http://10.0.0.9:8080/health", "n1", "n2", "--max-bytes", "4096", "--timeout", "5", "--ttl", "1m");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Contains("n1 · succeeded · exit 0 · 12 ms\n{\"ok\":true}\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("n2 · failed · 12 ms · connection refused\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("2 nodes: 1 succeeded, 1 failed, 0 unreachable\n", result.Out, StringComparison.Ordinal);
        var sent = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.HttpGetRequest)!;
        Assert.Equal(("http://10.0.0.9:8080/health", 4096, 5, 60), (sent.Url, sent.MaxBytes, sent.TimeoutSeconds, sent.TtlSeconds));
        Assert.Equal(["n1", "n2"], sent.Targets);
        Assert.Contains(brain.Requests, r => r.RawUrl == "/api/v1/batches/b-1/wait");
    }

    [Fact]
    public async Task HttpGet_Json_OneDocument()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path == ApiRoutes.HttpGet
            ? FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")))
            : FakeBrain.StreamAsync(context, Samples.Json(Samples.Task("n1", TaskState.Succeeded, 0, "pong"))));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "node", "httpget", "https://example.com/ping", "ALL");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("pong", document.RootElement.GetProperty("results")[0].GetProperty("stdout").GetString());
    }

    public void Dispose() => _runner.Dispose();
}
