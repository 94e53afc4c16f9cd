using System.Diagnostics;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Journal;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>What a Tentacle does at start with the journal a previous process left (stopped or died).</summary>
public sealed class TaskRecoveryTests : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("recovery");
    private readonly List<Process> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        await _tentacle.DisposeAsync();
    }

    [Fact]
    public async Task Recovery_RunningTaskWhoseGroupIsStillAlive_KillsTheGroupAndReportsLost()
    {
        // A task's process group as a Tentacle that died would have left it: setsid leader with a background child.
        var taskId = Dispatches.NewId();
        var leader = StartSession(taskId, "sleep 100 & sleep 100");
        await Eventually.TrueAsync(() => TaskProcesses.Find(taskId).Count >= 2, ExecutorHarness.Timeout, "the leftover group to run");
        await JournalRunningAsync(taskId, leader.Id, ProcessStamp.TryRead(leader.Id));

        await _tentacle.StartAsync();

        var result = Assert.Single(_tentacle.Reports.Results(taskId));
        Assert.Equal(TaskState.Lost, result.State);
        Assert.Equal($"the Tentacle stopped while the task was running; its process group {leader.Id} was killed at restart", result.Error);
        Assert.Equal(1234.5, result.StartedAtUnixMs);
        await Eventually.TrueAsync(() => TaskProcesses.Find(taskId).Count == 0, TimeSpan.FromSeconds(5), "the leftover group to be killed");
        Assert.True(leader.WaitForExit(5000));
    }

    [Fact]
    public async Task Recovery_RunningTaskWhoseProcessIdWasReused_KillsNothingAndReportsItExited()
    {
        // An unrelated process now holds the journaled id: same id, another start time.
        var stranger = StartSession(taskId: null, "sleep 100");
        var stamp = ProcessStamp.TryRead(stranger.Id)!;
        var taskId = Dispatches.NewId();
        await JournalRunningAsync(taskId, stranger.Id, stamp with { StartTicks = stamp.StartTicks - 1 });

        await _tentacle.StartAsync();

        var result = Assert.Single(_tentacle.Reports.Results(taskId));
        Assert.Equal(TaskState.Lost, result.State);
        Assert.Equal("the Tentacle stopped while the task was running; its process had already exited", result.Error);
        Assert.False(stranger.HasExited);
    }

    [Fact]
    public async Task Recovery_RunningTaskWithoutARecordedProcess_FindsItsGroupByTheTaskVariable()
    {
        var taskId = Dispatches.NewId();
        var leader = StartSession(taskId, "sleep 100");
        await Eventually.TrueAsync(() => TaskProcesses.Find(taskId).Count >= 1, ExecutorHarness.Timeout, "the leftover process to run");
        await JournalRunningAsync(taskId, processId: null, stamp: null);

        await _tentacle.StartAsync();

        var result = Assert.Single(_tentacle.Reports.Results(taskId));
        Assert.Equal($"the Tentacle stopped while the task was running; its process group {leader.Id} was killed at restart", result.Error);
        Assert.True(leader.WaitForExit(5000));
    }

    [Fact]
    public async Task Recovery_AcceptedTasksNotStarted_RunOnceInAcceptOrder()
    {
        await _tentacle.StartAsync();
        var blocker = Dispatches.Command("sleep 100");
        var queued = Enumerable.Range(1, 4).Select(i => Dispatches.Command($"echo {i} >> order.log")).ToList();
        await _tentacle.AcceptAsync(blocker);
        await _tentacle.Reports.StartedAsync(blocker.TaskId);
        foreach (var dispatch in queued)
        {
            await _tentacle.AcceptAsync(dispatch);
        }

        await _tentacle.RestartAsync();
        foreach (var dispatch in queued)
        {
            Assert.Equal(TaskState.Succeeded, (await _tentacle.Reports.ResultAsync(dispatch.TaskId)).State);
        }

        await _tentacle.RestartAsync();
        foreach (var dispatch in queued)
        {
            await _tentacle.AcceptAsync(dispatch);
        }

        await _tentacle.RunAsync(Dispatches.Command("true"));
        Assert.Equal("1\n2\n3\n4\n", _tentacle.ReadWorkspaceFile("order.log"));
        Assert.Equal(TaskState.Lost, Assert.Single(_tentacle.Reports.Results(blocker.TaskId)).State);
    }

    [Fact]
    public async Task Recovery_DelayedTask_IsRearmedForWhatIsLeftOfItsDelay()
    {
        await _tentacle.StartAsync();
        var delayed = Dispatches.Command("echo late") with { DelayMs = 2000 };
        await _tentacle.AcceptAsync(delayed);
        var accepted = await _tentacle.Reports.AcceptedAsync(delayed.TaskId);

        await _tentacle.RestartAsync();
        var result = await _tentacle.Reports.ResultAsync(delayed.TaskId);

        Assert.Equal("late\n", result.Stdout);
        Assert.InRange(result.StartedAtUnixMs!.Value - accepted.AcceptedAtUnixMs, 2000, 4000);
    }

    [Fact]
    public async Task Recovery_AlignedStartThatPassedWhileStopped_Fails()
    {
        await _tentacle.StartAsync();
        var aligned = Dispatches.Command("echo ran >> runs.log") with { StartAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 2000, AlignToleranceMs = 10 };
        await _tentacle.AcceptAsync(aligned);
        await _tentacle.StopAsync();
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > aligned.StartAtUnixMs + 50, ExecutorHarness.Timeout, "the aligned instant to pass");

        await _tentacle.StartAsync();
        var result = Assert.Single(_tentacle.Reports.Results(aligned.TaskId));

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Contains("passed while the Tentacle was stopped", result.Error, StringComparison.Ordinal);
        Assert.Equal("", _tentacle.ReadWorkspaceFile("runs.log"));
    }

    private Process StartSession(string? taskId, string command)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        if (taskId is not null)
        {
            info.Environment["OCTOPODA_TASK"] = taskId;
        }

        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    /// <summary>Leaves a journal as a Tentacle that died during the task would: accepted, then marked running.</summary>
    private async Task JournalRunningAsync(string taskId, int? processId, ProcessStamp? stamp)
    {
        await using var journal = TaskJournal.Open(_tentacle.DataDirectory, TimeProvider.System, _tentacle.Log);
        await journal.AcceptAsync(Dispatches.Command("sleep 100", taskId), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await journal.MarkRunningAsync(taskId);
        await journal.RecordProcessAsync(taskId, processId, stamp, 1234.5);
    }
}
