using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class OutputStreamingTests : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("streaming");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task Streaming_LongTask_ChunksReassembleExactlyToTheResult()
    {
        // Over 64 Ki chars (several chunks), a multi-byte character split across two writes, output on both
        // streams, and a pause so part of it streams while the task runs.
        var command = "head -c 150000 /dev/zero | tr '\\0' a; printf '\\xc3'; sleep 0.4; printf '\\xa9 \\xf0\\x9f\\x90\\x99 end\\n'; echo oops >&2; sleep 0.3; echo done";
        var dispatch = Dispatches.Command(command);

        var result = await _tentacle.RunAsync(dispatch);

        var chunks = _tentacle.Reports.Output(dispatch.TaskId);
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, OutputStreamer.MaxChunkChars));
        Assert.Equal(result.Stdout, _tentacle.Reports.Reassemble(dispatch.TaskId, "stdout"));
        Assert.Equal(result.Stderr, _tentacle.Reports.Reassemble(dispatch.TaskId, "stderr"));
        Assert.Equal(new string('a', 150_000) + "é 🐙 end\ndone\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
        var last = _tentacle.Reports.Messages.Select((m, i) => (m, i)).Where(x => x.m.Message is TaskOutput o && o.TaskId == dispatch.TaskId).Max(x => x.i);
        var resultIndex = _tentacle.Reports.Messages.Select((m, i) => (m, i)).Single(x => x.m.Message is TaskResult r && r.TaskId == dispatch.TaskId).i;
        Assert.True(last < resultIndex, "every chunk goes out before the result");
    }

    [Fact]
    public async Task Streaming_ShortTask_SendsOnlyItsResult()
    {
        var dispatch = Dispatches.Command("echo quick");

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal("quick\n", result.Stdout);
        Assert.Empty(_tentacle.Reports.Output(dispatch.TaskId));
    }

    [Fact]
    public async Task Streaming_NewConnection_ResendsRunningOutputFromOffsetZero()
    {
        var dispatch = Dispatches.Command("echo first; while true; do sleep 0.05; done");
        await _tentacle.AcceptAsync(dispatch);
        await _tentacle.Reports.WaitForAsync<TaskOutput>(o => o.TaskId == dispatch.TaskId, "the first chunk");

        var second = await _tentacle.AttachAsync();
        var resent = await second.WaitForAsync<TaskOutput>(o => o.TaskId == dispatch.TaskId, "the output sent again");

        Assert.Equal(0, resent.Offset);
        Assert.Equal("first\n", resent.Data);
        Assert.Contains(second.All<TaskStarted>(), s => s.TaskId == dispatch.TaskId);
        await _tentacle.Executor.CancelAsync(dispatch.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        var result = await second.ResultAsync(dispatch.TaskId);
        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal("first\n", second.Reassemble(dispatch.TaskId, "stdout"));
    }

    [Fact]
    public async Task Streaming_TruncatedOutput_StreamsTheKeptPartAndTheResultAddsTheMarker()
    {
        var dispatch = Dispatches.Command("sleep 0.3; head -c 1100000 /dev/zero | tr '\\0' x");

        var result = await _tentacle.RunAsync(dispatch);

        Assert.True(result.OutputTruncated);
        Assert.Equal(result.Stdout, _tentacle.Reports.Reassemble(dispatch.TaskId, "stdout") + OutputLog.TruncationMarker);
    }
}
