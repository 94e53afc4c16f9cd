using System.Diagnostics;
using System.Globalization;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;
using Xunit.Abstractions;

namespace Octopoda.EndToEnd.Tests;

/// <summary>
/// Task delivery across SIGKILLs of the real processes: every task reaches a final state, none runs twice, none is
/// left running. Each task proves how often it ran by appending a line to a file named by its own id
/// (<c>$OCTOPODA_TASK</c>): one file per task, so concurrent appends never interleave and a second run shows as a
/// second line.
/// </summary>
public sealed class DeliveryTests(DeliveryFleetFixture fixture, ITestOutputHelper output) : IClassFixture<DeliveryFleetFixture>, IAsyncLifetime
{
    private static readonly TimeSpan TaskStateTimeout = TimeSpan.FromSeconds(60);
    private readonly ProcessFleet _fleet = fixture.Fleet;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public async Task InitializeAsync()
    {
        await _fleet.EnsureRunningAsync();
        Log("fleet running");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KilledBrain_During500TaskFanOut_EveryTaskFinalAndEachRanExactlyOnce()
    {
        const int Batches = 50;
        var nodes = DeliveryFleetFixture.Nodes;
        try
        {
            using var client = _fleet.CreateClient();
            var markers = _fleet.Directory($"markers-{Guid.NewGuid():N}");
            var gate = Path.Combine(_fleet.Directory($"gate-{Guid.NewGuid():N}"), "gate");

            // Every task first takes a shared flock on the gate (waiting up to 120 s), which this test holds exclusively
            // (.NET's FileShare.None is an advisory flock on Unix) until all 500 are stored, however slow submitting
            // is. Once it is released, 0.05 s per task keeps each node busy for at least 50 × 0.05 = 2.5 s, so the
            // kill lands mid fan-out.
            await using var gateLock = new FileStream(gate, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            var command = $"flock -w 120 -s {gate} true; sleep 0.05; echo \"$OCTOPODA_NODENAME\" >> {markers}/\"$OCTOPODA_TASK\"";
            // Five submitters at once: the order of batches does not matter here, and the gate holds every task.
            var submissions = new System.Collections.Concurrent.ConcurrentBag<RunSubmission>();
            await Parallel.ForAsync(0, Batches, new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (_, cancel) =>
                submissions.Add(await client.RunCommandAsync(new RunCommandRequest { Command = command, Targets = ["@all"], TtlSeconds = 600 }, cancel)));
            Assert.All(submissions, s => Assert.Equal(nodes.Length, s.Tasks.Count));
            var nodeOf = submissions.SelectMany(s => s.Tasks).ToDictionary(t => t.Id, t => t.Node, StringComparer.Ordinal);
            Assert.Equal(Batches * nodes.Length, nodeOf.Count);

            Log($"{nodeOf.Count} tasks stored in {Batches} submissions to @all");
            await gateLock.DisposeAsync();
            var board = new TaskBoard(client, [.. submissions]);
            var atKill = await board.WaitUntilAsync(s => s.Values.Count(t => t.State == TaskState.Succeeded) >= 20, TaskStateTimeout, "the first 20 results");
            await _fleet.KillBrainAsync();
            Log($"Brain SIGKILLed with {TaskBoard.Counts(atKill.Values)}");
            Assert.True(atKill.Values.Count(t => t.State.IsFinal()) < nodeOf.Count, "The fan-out had finished before the kill; the tasks are too fast for this test.");

            await _fleet.StartBrainAsync();
            Log("Brain restarted on the same port and data directory");
            var final = await board.WaitAllFinalAsync(TimeSpan.FromMinutes(2));
            Log($"all {final.Count} final: {TaskBoard.Counts(final.Values)}");

            // Ordered tasks run one at a time per node, in arrival order: once a task submitted after all of these
            // has finished on every node, no earlier task can still run (again) there.
            await RunBarrierAsync(client, ["@all"]);
            Log("barrier task finished on every node");

            var runs = ReadMarkers(markers);
            var problems = new List<string>();
            problems.AddRange(runs.Keys.Where(id => !nodeOf.ContainsKey(id)).Select(id => $"marker {id} belongs to no submitted task"));
            foreach (var (id, node) in nodeOf)
            {
                problems.AddRange(Check(final[id], node, runs.GetValueOrDefault(id, [])));
            }

            Assert.True(problems.Count == 0, $"{problems.Count} problem(s) ({TaskBoard.Counts(final.Values)}):\n{string.Join('\n', problems.Take(30))}");
        }
        catch
        {
            output.WriteLine(_fleet.Logs());
            throw;
        }
    }

    [Fact]
    public async Task KilledTentacle_DuringLongTask_TaskEndsLostOrSucceeded_NeverStuckRunning()
    {
        const string Node = "node02";

        // A duration no other process on this machine has: it finds the task's processes in /proc.
        var marker = $"30.{Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture)}";
        try
        {
            using var client = _fleet.CreateClient();
            var submission = await client.RunCommandAsync(new RunCommandRequest { Command = $"sleep {marker}; echo done", Targets = [Node], TtlSeconds = 60 });
            var id = Assert.Single(submission.Tasks).Id;
            var board = new TaskBoard(client, [submission]);
            await board.WaitUntilAsync(s => s.TryGetValue(id, out var t) && t.State == TaskState.Running, TaskStateTimeout, $"task {id} to be running");
            await Eventually.TrueAsync(() => ProcessTable.WithArgumentContaining(marker).Count > 0, TaskStateTimeout, $"a process with 'sleep {marker}' in /proc");
            Log($"task {id} running");

            await _fleet.KillTentacleAsync(Node);
            var survivors = ProcessTable.WithArgumentContaining(marker);
            Log($"Tentacle SIGKILLed; the task's processes left: {(survivors.Count == 0 ? "none" : ProcessTable.Describe(survivors))}");

            await _fleet.StartTentacleAsync(Node);
            Log("Tentacle restarted (no join token)");
            var final = (await board.WaitUntilAsync(s => s.TryGetValue(id, out var t) && t.State.IsFinal(), TimeSpan.FromSeconds(30), $"task {id} to be final within 30 s of the restart"))[id];
            Log($"task {id} {final.State.ToWireName()}: {final.Error}");

            // sleep 30 cannot have finished under a live Tentacle, and no Tentacle saw it exit: its outcome is unknown.
            Assert.Equal(TaskState.Lost, final.State);
            Assert.Contains("Tentacle", final.Error ?? "", StringComparison.Ordinal);
            await Eventually.TrueAsync(() => ProcessTable.WithArgumentContaining(marker).Count == 0, TimeSpan.FromSeconds(10), $"no process of task {id} ('sleep {marker}') left");
        }
        catch
        {
            output.WriteLine(_fleet.Logs());
            throw;
        }
        finally
        {
            ProcessTable.KillAll(ProcessTable.WithArgumentContaining(marker));
        }
    }

    [Fact]
    public async Task KilledTentacle_WithFinishedResults_EachTaskRecordedOnceWithItsOwnOutput()
    {
        const int Count = 30;
        const string Node = "node03";
        try
        {
            using var client = _fleet.CreateClient();
            var markers = _fleet.Directory($"markers-{Guid.NewGuid():N}");
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var submissions = new List<RunSubmission>();
            for (var i = 1; i <= Count; i++)
            {
                // The marker is written first: a task killed in its sleep has run once, and must not run again.
                var command = $"echo \"$OCTOPODA_NODENAME\" >> {markers}/\"$OCTOPODA_TASK\"; sleep 0.05; echo fast-{i}";
                var submission = await client.RunCommandAsync(new RunCommandRequest { Command = command, Targets = [Node], TtlSeconds = 60 });
                indexOf.Add(Assert.Single(submission.Tasks).Id, i);
                submissions.Add(submission);
            }

            var board = new TaskBoard(client, submissions);
            var atKill = await board.WaitUntilAsync(s => s.Values.Count(t => t.State == TaskState.Succeeded) >= 5, TaskStateTimeout, "the first 5 results");
            await _fleet.KillTentacleAsync(Node);
            Log($"Tentacle SIGKILLed with {TaskBoard.Counts(atKill.Values)}");

            await _fleet.StartTentacleAsync(Node);
            Log("Tentacle restarted");
            await board.WaitAllFinalAsync(TaskStateTimeout);
            await RunBarrierAsync(client, [Node]);
            var final = new Dictionary<string, TaskView>(StringComparer.Ordinal);
            foreach (var id in indexOf.Keys)
            {
                final[id] = await client.GetTaskAsync(id);
            }

            Log($"all {Count} final: {TaskBoard.Counts(final.Values)}");
            var runs = ReadMarkers(markers);
            var problems = new List<string>();
            foreach (var (id, index) in indexOf)
            {
                var task = final[id];
                problems.AddRange(Check(task, Node, runs.GetValueOrDefault(id, [])));
                if (task.State == TaskState.Succeeded && (task.ExitCode != 0 || task.Stdout != $"fast-{index}\n"))
                {
                    problems.Add($"task {index} ({id}) succeeded with exit {task.ExitCode} and stdout '{task.Stdout}', expected 0 and 'fast-{index}\\n'");
                }

                if (atKill.TryGetValue(id, out var before) && before.State.IsFinal() && (before.State != task.State || before.FinishedAt != task.FinishedAt))
                {
                    problems.Add($"task {index} ({id}) was {before.State.ToWireName()} at {before.FinishedAt:O} before the kill, {task.State.ToWireName()} at {task.FinishedAt:O} after");
                }
            }

            // Ordered tasks run one at a time: at most one was running when the Tentacle died.
            var lost = final.Values.Count(t => t.State == TaskState.Lost);
            if (lost > 1)
            {
                problems.Add($"{lost} tasks lost; at most the one running at the kill may be");
            }

            Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n{string.Join('\n', problems)}");
        }
        catch
        {
            output.WriteLine(_fleet.Logs());
            throw;
        }
    }

    [Fact]
    public async Task TtlTasks_ToStoppedTentacle_RunAfterRestart_InSubmissionOrder()
    {
        const int Count = 20;
        const string Node = "node04";
        try
        {
            using var client = _fleet.CreateClient();
            var file = Path.Combine(_fleet.Directory($"markers-{Guid.NewGuid():N}"), "order.txt");
            await _fleet.StopTentacleAsync(Node);
            Log("Tentacle stopped with SIGTERM");

            var ids = new List<string>();
            var submissions = new List<RunSubmission>();
            for (var i = 1; i <= Count; i++)
            {
                var submission = await client.RunCommandAsync(new RunCommandRequest { Command = $"echo {i} >> {file}", Targets = [Node], TtlSeconds = 120 });
                var task = Assert.Single(submission.Tasks);
                Assert.True(task.State == TaskState.Queued, $"task {i} was {task.State.ToWireName()} when submitted to a stopped node with a TTL, not queued");
                ids.Add(task.Id);
                submissions.Add(submission);
            }

            await _fleet.StartTentacleAsync(Node);
            Log($"{Count} tasks queued; Tentacle started");
            var final = await new TaskBoard(client, submissions).WaitAllFinalAsync(TaskStateTimeout);
            Log($"all {Count} final: {TaskBoard.Counts(final.Values)}");

            Assert.All(ids, id => Assert.True(final[id].State == TaskState.Succeeded, $"task {ids.IndexOf(id) + 1} ({id}) is {final[id].State.ToWireName()}: {final[id].Error}"));
            Assert.Equal(Enumerable.Range(1, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), await File.ReadAllLinesAsync(file));
        }
        catch
        {
            output.WriteLine(_fleet.Logs());
            throw;
        }
    }

    /// <summary>What is wrong with one task's final state given the runs its marker file shows (nothing when all is well).</summary>
    private static IEnumerable<string> Check(TaskView task, string node, string[] runs)
    {
        var what = $"task {task.Id} on {node}";
        if (runs.Any(r => r != node))
        {
            yield return $"{what} ran on {string.Join(", ", runs)}";
        }

        switch (task.State)
        {
            case TaskState.Succeeded when runs.Length != 1:
                yield return $"{what} succeeded but ran {runs.Length} times";
                break;
            case TaskState.Succeeded:
                break;
            case TaskState.Lost when string.IsNullOrWhiteSpace(task.Error):
                yield return $"{what} lost without a reason";
                break;
            case TaskState.Lost when runs.Length > 1:
                yield return $"{what} lost ({task.Error}) after running {runs.Length} times";
                break;
            case TaskState.Lost:
                break;
            case TaskState.Expired when string.IsNullOrWhiteSpace(task.Error) || runs.Length > 0:
                yield return $"{what} expired (reason '{task.Error}') after running {runs.Length} times";
                break;
            case TaskState.Expired:
                break;
            default:
                yield return $"{what} ended {task.State.ToWireName()} (exit {task.ExitCode}, error '{task.Error}', stderr '{task.Stderr}') after running {runs.Length} times";
                break;
        }
    }

    /// <summary>Task id → one line per run (the node it ran on).</summary>
    private static Dictionary<string, string[]> ReadMarkers(string directory) =>
        Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllLines(f), StringComparer.Ordinal);

    /// <summary>Runs <c>true</c> on <paramref name="targets"/> and waits for it: it queues behind every ordered task already there.</summary>
    private static async Task RunBarrierAsync(OctopodaClient client, IReadOnlyList<string> targets)
    {
        var submission = await client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = targets, TtlSeconds = 60 });
        var final = await new TaskBoard(client, [submission]).WaitAllFinalAsync(TaskStateTimeout);
        Assert.All(final.Values, t => Assert.True(t.State == TaskState.Succeeded, $"barrier task on {t.Node} is {t.State.ToWireName()}: {t.Error}"));
    }

    private void Log(string message) => output.WriteLine($"[{_watch.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
