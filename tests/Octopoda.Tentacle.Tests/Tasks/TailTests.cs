using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class TailTests : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("tail");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task Tail_RelativePath_StreamsTheLastLinesThenAppendedOnesUntilCancelled()
    {
        var log = _tentacle.WorkspaceFile("app log's.txt");
        await File.WriteAllTextAsync(log, "one\ntwo\nthree\n");
        var dispatch = Dispatches.Of(TaskKinds.Tail, new TailPayload { Path = "app log's.txt", Lines = 2 }, ProtocolJsonContext.Default.TailPayload);

        await _tentacle.AcceptAsync(dispatch);
        await Eventually.TrueAsync(() => _tentacle.Reports.Reassemble(dispatch.TaskId, "stdout") == "two\nthree\n", ExecutorHarness.Timeout, "the last two lines to stream");
        await File.AppendAllTextAsync(log, "four\n");
        await Eventually.TrueAsync(() => _tentacle.Reports.Reassemble(dispatch.TaskId, "stdout") == "two\nthree\nfour\n", ExecutorHarness.Timeout, "the appended line to stream");
        await _tentacle.Executor.CancelAsync(dispatch.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal("two\nthree\nfour\n", result.Stdout);
        Assert.Equal(result.Stdout, _tentacle.Reports.Reassemble(dispatch.TaskId, "stdout"));
        await Eventually.TrueAsync(() => TaskProcesses.Find(dispatch.TaskId).Count == 0, TimeSpan.FromSeconds(5), "tail to be gone");
    }

    [Fact]
    public async Task Tail_TimeLimit_EndsItNormally()
    {
        var log = _tentacle.WorkspaceFile("short.log");
        await File.WriteAllTextAsync(log, "only\n");
        var dispatch = Dispatches.Of(TaskKinds.Tail, new TailPayload { Path = log, Lines = 5, TimeoutSeconds = 1 }, ProtocolJsonContext.Default.TailPayload);

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Null(result.Error);
        Assert.Equal("only\n", result.Stdout);
        Assert.Empty(TaskProcesses.Find(dispatch.TaskId));
    }

    [Theory]
    [InlineData(-1, null, "tail lines must be 0 or more")]
    [InlineData(0, 86_401, "tail timeout must be 1 to 86400 s")]
    public async Task Tail_OutOfRangePayload_FailsWithoutStarting(int lines, int? timeout, string error)
    {
        var dispatch = Dispatches.Of(TaskKinds.Tail, new TailPayload { Path = "x.log", Lines = lines, TimeoutSeconds = timeout }, ProtocolJsonContext.Default.TailPayload);

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_tentacle.Reports.All<TaskStarted>(), s => s.TaskId == dispatch.TaskId);
    }
}
