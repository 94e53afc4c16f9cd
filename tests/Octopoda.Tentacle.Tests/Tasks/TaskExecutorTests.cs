using System.Diagnostics;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class TaskExecutorTests : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("executor");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task Ordered_Tasks_RunOneAtATimeInDispatchOrder()
    {
        var dispatches = Enumerable.Range(1, 5)
            .Select(i => Dispatches.Command($"echo start{i} >> order.log; sleep 0.0{i}; echo end{i} >> order.log"))
            .ToList();

        foreach (var dispatch in dispatches)
        {
            _ = _tentacle.Executor.AcceptAsync(dispatch, CancellationToken.None);
        }

        foreach (var dispatch in dispatches)
        {
            Assert.Equal(TaskState.Succeeded, (await _tentacle.Reports.ResultAsync(dispatch.TaskId)).State);
        }

        var expected = string.Concat(Enumerable.Range(1, 5).Select(i => $"start{i}\nend{i}\n"));
        Assert.Equal(expected, _tentacle.ReadWorkspaceFile("order.log"));
    }

    [Fact]
    public async Task Accept_IsReportedBeforeStartAndResult()
    {
        var dispatch = Dispatches.Command("echo hi");

        await _tentacle.RunAsync(dispatch);

        var kinds = _tentacle.Reports.Messages
            .Where(m => m.Message is TaskAccepted a && a.TaskId == dispatch.TaskId || m.Message is TaskStarted s && s.TaskId == dispatch.TaskId || m.Message is TaskResult r && r.TaskId == dispatch.TaskId)
            .Select(m => m.Message.GetType().Name);
        Assert.Equal(["TaskAccepted", "TaskStarted", "TaskResult"], kinds);
    }

    [Fact]
    public async Task Parallel_Task_RunsBesideABusyOrderedQueue()
    {
        var blocker = Dispatches.Command("sleep 100");
        await _tentacle.AcceptAsync(blocker);
        await _tentacle.Reports.StartedAsync(blocker.TaskId);

        var parallel = await _tentacle.RunAsync(Dispatches.Command("echo beside", parallel: true));

        Assert.Equal("beside\n", parallel.Stdout);
        await _tentacle.Executor.CancelAsync(blocker.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
    }

    [Fact]
    public async Task Duplicate_WhileRunning_RepeatsTheAcceptanceAndRunsOnce()
    {
        var dispatch = Dispatches.Command("echo ran >> runs.log; sleep 0.5");
        await _tentacle.AcceptAsync(dispatch);
        await _tentacle.Reports.StartedAsync(dispatch.TaskId);

        await _tentacle.AcceptAsync(dispatch);
        await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(2, _tentacle.Reports.All<TaskAccepted>().Count(a => a.TaskId == dispatch.TaskId));
        Assert.Single(_tentacle.Reports.All<TaskStarted>(), s => s.TaskId == dispatch.TaskId);
        Assert.Equal("ran\n", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    [Fact]
    public async Task Expired_DispatchArrivingAfterItsTimeToLive_IsReportedExpiredAndNeverRuns()
    {
        var dispatch = Dispatches.Command("echo ran >> runs.log") with { ExpiresAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1 };

        var result = await _tentacle.RunAsync(dispatch);
        await _tentacle.RestartAsync();
        await _tentacle.AcceptAsync(dispatch);
        var repeated = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Expired, result.State);
        Assert.StartsWith("arrived after its time-to-live", result.Error, StringComparison.Ordinal);
        Assert.Null(result.StartedAtUnixMs);
        Assert.Equal(TaskState.Expired, repeated.State);
        Assert.Empty(_tentacle.Reports.All<TaskAccepted>());
        Assert.Equal("", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    [Fact]
    public async Task Aligned_StartTooFarAhead_IsRefusedNamingTheNumbers()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var dispatch = Dispatches.Command("echo ran >> runs.log") with { StartAtUnixMs = now + 10_000, AlignToleranceMs = 20 };

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Matches(@"refused the aligned start: it is \d+(\.\d+)? ms ahead, more than the 3000 ms lead plus the 20 ms tolerance", result.Error);
        Assert.Equal("", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    [Fact]
    public async Task Aligned_StartAlreadyPast_IsRefused()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var dispatch = Dispatches.Command("echo ran >> runs.log") with { StartAtUnixMs = now - 500, AlignToleranceMs = 50 };

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Matches(@"it passed \d+(\.\d+)? ms ago, more than the 50 ms tolerance", result.Error);
    }

    [Fact]
    public async Task Aligned_StartWithinTheWindow_StartsAtTheInstantWithSubMillisecondReport()
    {
        var startAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 700.25;
        var dispatch = Dispatches.Command("echo aligned") with { StartAtUnixMs = startAt, AlignToleranceMs = 50 };

        var result = await _tentacle.RunAsync(dispatch);

        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        var started = Assert.Single(_tentacle.Reports.All<TaskStarted>(), s => s.TaskId == dispatch.TaskId);
        Assert.Equal(started.StartedAtUnixMs, result.StartedAtUnixMs);
        Assert.InRange(started.StartedAtUnixMs - startAt, 0, 20);
    }

    [Fact]
    public async Task Delay_Task_StartsAfterItsDelayWithoutHoldingUpTheOrderedQueue()
    {
        var delayed = Dispatches.Command("echo late") with { DelayMs = 1500 };
        await _tentacle.AcceptAsync(delayed);
        var accepted = await _tentacle.Reports.AcceptedAsync(delayed.TaskId);

        var ordered = await _tentacle.RunAsync(Dispatches.Command("echo queued"));
        Assert.Empty(_tentacle.Reports.Results(delayed.TaskId));
        var result = await _tentacle.Reports.ResultAsync(delayed.TaskId);

        Assert.Equal("queued\n", ordered.Stdout);
        Assert.Equal("late\n", result.Stdout);
        Assert.True(result.StartedAtUnixMs >= accepted.AcceptedAtUnixMs + 1500, $"started {result.StartedAtUnixMs - accepted.AcceptedAtUnixMs} ms after accepting");
    }

    [Fact]
    public async Task Cancel_RunningTask_KillsItsProcessGroupAndEndsCancelled()
    {
        var dispatch = Dispatches.Command("sleep 100 & sleep 100");
        await _tentacle.AcceptAsync(dispatch);
        var started = await _tentacle.Reports.StartedAsync(dispatch.TaskId);
        await Eventually.TrueAsync(() => TaskProcesses.Find(dispatch.TaskId).Count >= 2, ExecutorHarness.Timeout, "both sleeps to run");

        await _tentacle.Executor.CancelAsync(dispatch.TaskId, "cancelled by the test").WaitAsync(ExecutorHarness.Timeout);
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal($"cancelled by the test; its process group {started.ProcessId} was killed", result.Error);
        await Eventually.TrueAsync(() => TaskProcesses.Find(dispatch.TaskId).Count == 0, TimeSpan.FromSeconds(5), "no process left from the cancelled task");
    }

    [Fact]
    public async Task Cancel_QueuedTask_EndsCancelledAtOnceAndNeverStarts()
    {
        var blocker = Dispatches.Command("sleep 100");
        var queued = Dispatches.Command("echo ran >> runs.log");
        await _tentacle.AcceptAsync(blocker);
        await _tentacle.AcceptAsync(queued);

        await _tentacle.Executor.CancelAsync(queued.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        var result = await _tentacle.Reports.ResultAsync(queued.TaskId);
        await _tentacle.Executor.CancelAsync(blocker.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        await _tentacle.Reports.ResultAsync(blocker.TaskId);
        var next = await _tentacle.RunAsync(Dispatches.Command("echo next"));

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal("cancelled before it started", result.Error);
        Assert.Null(result.StartedAtUnixMs);
        Assert.Equal("next\n", next.Stdout);
        Assert.DoesNotContain(_tentacle.Reports.All<TaskStarted>(), s => s.TaskId == queued.TaskId);
        Assert.Equal("", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    [Fact]
    public async Task Cancel_DelayedTask_EndsCancelledBeforeItStarts()
    {
        var delayed = Dispatches.Command("echo ran >> runs.log") with { DelayMs = 60_000 };
        await _tentacle.AcceptAsync(delayed);

        await _tentacle.Executor.CancelAsync(delayed.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        var result = await _tentacle.Reports.ResultAsync(delayed.TaskId);
        await _tentacle.RestartAsync();

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal("cancelled before it started", result.Error);
        Assert.Equal(0, _tentacle.Executor.ActiveCount);
    }

    [Fact]
    public async Task Cancel_UnknownId_LeavesATombstoneSoALaterDispatchNeverRuns()
    {
        var dispatch = Dispatches.Command("echo ran >> runs.log");

        await _tentacle.Executor.CancelAsync(dispatch.TaskId, "cancelled").WaitAsync(ExecutorHarness.Timeout);
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);
        await _tentacle.RestartAsync();
        await _tentacle.AcceptAsync(dispatch);
        var repeated = await _tentacle.Reports.ResultAsync(dispatch.TaskId);
        await _tentacle.RunAsync(Dispatches.Command("true"));

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.Equal("cancelled before it reached the node", result.Error);
        Assert.Equal(TaskState.Cancelled, repeated.State);
        Assert.Equal("", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    [Fact]
    public async Task Timeout_BackgroundedSleeps_LeaveNoProcessBehind()
    {
        var dispatch = Dispatches.Command("sleep 100 & sleep 100", timeoutSeconds: 1);
        var watch = Stopwatch.StartNew();

        await _tentacle.AcceptAsync(dispatch);
        await Eventually.TrueAsync(() => TaskProcesses.Find(dispatch.TaskId).Count >= 2, ExecutorHarness.Timeout, "both sleeps to run");
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal("timed out after 1 s; the process group was killed", result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => TaskProcesses.Find(dispatch.TaskId).Count == 0, TimeSpan.FromSeconds(5), "no process left from the timed-out task");
    }

    [Fact]
    public async Task UnknownKind_FailsAskingForAnUpgrade()
    {
        var result = await _tentacle.RunAsync(new TaskDispatch { TaskId = Dispatches.NewId(), Kind = "teleport", Payload = "{}" });

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Contains("upgrade", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_RunningTask_IsKilledAndReportedLostOnTheNextStart()
    {
        var dispatch = Dispatches.Command("sleep 100");
        await _tentacle.AcceptAsync(dispatch);
        var started = await _tentacle.Reports.StartedAsync(dispatch.TaskId);

        await _tentacle.RestartAsync();
        var result = Assert.Single(_tentacle.Reports.Results(dispatch.TaskId));

        Assert.Equal(TaskState.Lost, result.State);
        Assert.Equal($"the Tentacle stopped while the task was running; its process group {started.ProcessId} was killed as the Tentacle shut down", result.Error);
        Assert.Empty(TaskProcesses.Find(dispatch.TaskId));
    }
}
