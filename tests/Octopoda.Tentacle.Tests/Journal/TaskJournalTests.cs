using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Enrollment;
using Octopoda.Tentacle.Journal;
using Octopoda.Tentacle.Tests.Tasks;
using Xunit.Abstractions;

namespace Octopoda.Tentacle.Tests.Journal;

public sealed class TaskJournalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("journal");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task Accept_SameIdAfterRestart_IsNotRunAgainAndItsResultIsRepeated()
    {
        var dispatch = Dispatches.Command("echo ran >> runs.log; echo hello");
        var first = await _tentacle.RunAsync(dispatch);
        await _tentacle.Executor.AcknowledgeAsync(dispatch.TaskId).WaitAsync(ExecutorHarness.Timeout);

        await _tentacle.RestartAsync();
        await _tentacle.AcceptAsync(dispatch);
        var repeated = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Succeeded, first.State);
        Assert.Equal("hello\n", first.Stdout);
        Assert.Equal(TaskState.Succeeded, repeated.State);
        Assert.Equal(first.FinishedAtUnixMs, repeated.FinishedAtUnixMs);
        Assert.Equal("ran\n", _tentacle.ReadWorkspaceFile("runs.log"));
        Assert.Empty(_tentacle.Reports.All<TaskAccepted>());
    }

    [Fact]
    public async Task Outbox_UnacknowledgedResult_IsResentOnEveryAttachAndAfterRestartUntilAcknowledged()
    {
        var dispatch = Dispatches.Command("echo kept");
        var result = await _tentacle.RunAsync(dispatch);

        var again = await _tentacle.AttachAsync();
        Assert.Equal(result, Assert.Single(again.Results(dispatch.TaskId)));

        await _tentacle.RestartAsync();
        var afterRestart = Assert.Single(_tentacle.Reports.Results(dispatch.TaskId));
        Assert.Equal(result, afterRestart);
        Assert.Equal(1, _tentacle.Executor.UnacknowledgedCount);

        await _tentacle.Executor.AcknowledgeAsync(dispatch.TaskId).WaitAsync(ExecutorHarness.Timeout);
        await _tentacle.RestartAsync();
        Assert.Empty(_tentacle.Reports.Results(dispatch.TaskId));
        Assert.Equal(0, _tentacle.Executor.UnacknowledgedCount);
    }

    [Fact]
    public async Task Open_GarbageJournal_IsMovedAsideWithTheLossReportedAndTasksStillRun()
    {
        await _tentacle.StopAsync();
        File.WriteAllBytes(_tentacle.JournalPath, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        File.WriteAllText(_tentacle.JournalPath + "-wal", "not a wal either");

        await _tentacle.StartAsync();

        var loss = _tentacle.Executor.JournalLoss;
        Assert.NotNull(loss);
        // SQLite itself may discard a -wal it cannot use while trying the file; whatever is left moves along.
        var aside = Assert.Single(Directory.GetFiles(_tentacle.DataDirectory, "journal.db.corrupt-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Matches(@"journal\.db\.corrupt-\d{14}$", aside);
        Assert.Equal(8192, new FileInfo(aside).Length);
        Assert.Contains(aside, loss, StringComparison.Ordinal);
        Assert.Contains(_tentacle.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(aside, StringComparison.Ordinal));
        var result = await _tentacle.RunAsync(Dispatches.Command("echo fresh"));
        Assert.Equal("fresh\n", result.Stdout);
    }

    [Fact]
    public async Task Open_JournalWithDamagedPages_FailsQuickCheckAndIsReplaced()
    {
        for (var i = 0; i < 50; i++)
        {
            await _tentacle.AcceptAsync(Dispatches.Command("true") with { DelayMs = 3_600_000, Parallel = true });
        }

        await _tentacle.StopAsync();
        using (var file = new FileStream(_tentacle.JournalPath, FileMode.Open, FileAccess.ReadWrite))
        {
            // Page 1 keeps the header (so SQLite opens the file); the pages after it are the tables and indexes.
            file.Position = 4096 + 16;
            file.Write([.. Enumerable.Repeat((byte)0xA5, (int)Math.Min(file.Length - 4096 - 16, 3 * 4096))]);
        }

        await _tentacle.StartAsync();

        Assert.Contains("moved aside to", _tentacle.Executor.JournalLoss, StringComparison.Ordinal);
        Assert.Equal(0, _tentacle.Executor.ActiveCount);
        var result = await _tentacle.RunAsync(Dispatches.Command("echo fresh"));
        Assert.Equal(TaskState.Succeeded, result.State);
    }

    [Fact]
    public async Task Open_MissingJournalOnAnEnrolledNode_ReportsTheLossUntilABrainHeardIt()
    {
        Assert.Null(_tentacle.Executor.JournalLoss);
        await _tentacle.StopAsync();
        var identity = NodeIdentity.DirectoryOf(_tentacle.DataDirectory);
        Directory.CreateDirectory(identity);
        File.WriteAllText(Path.Combine(identity, "node.crt"), "enrolled");
        File.Delete(_tentacle.JournalPath);

        await _tentacle.StartAsync();
        var loss = _tentacle.Executor.JournalLoss;
        await _tentacle.RestartAsync();
        var stillPending = _tentacle.Executor.JournalLoss;
        await _tentacle.Executor.JournalLossReportedAsync().WaitAsync(ExecutorHarness.Timeout);
        await _tentacle.RestartAsync();

        Assert.Contains("missing", loss, StringComparison.Ordinal);
        Assert.Equal(loss, stillPending);
        Assert.Null(_tentacle.Executor.JournalLoss);
    }

    [Fact]
    public async Task Prune_AcknowledgedRowsOutsideBothWindows_AreForgottenOthersKept()
    {
        await _tentacle.StopAsync();
        await using var journal = TaskJournal.Open(_tentacle.DataDirectory, TimeProvider.System, _tentacle.Log);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        string[] ids = ["old-acked", "old-unacked", "old-acked-2", "new-acked", "newest-acked"];
        long[] acceptedAt = [now - (10 * day), now - (10 * day), now - (9 * day), now - day, now - (10 * day)];
        for (var i = 0; i < ids.Length; i++)
        {
            var result = new TaskResult { TaskId = ids[i], State = TaskState.Succeeded, FinishedAtUnixMs = now };
            await journal.AcceptFinishedAsync(new TaskDispatch { TaskId = ids[i], Kind = TaskKinds.Command, Payload = "{}" }, acceptedAt[i], result);
            if (ids[i] != "old-unacked")
            {
                await journal.AcknowledgeAsync(ids[i]);
            }
        }

        // Keep the newest two ids and a week: "newest-acked" is old but among the newest two; "new-acked" is recent.
        var pruned = await journal.PruneAsync(now, keepNewest: 2, keepAtLeast: TimeSpan.FromDays(7));
        var contents = await journal.LoadAsync();

        Assert.Equal(["old-acked", "old-acked-2"], pruned.Order());
        Assert.Equal(["new-acked", "newest-acked", "old-unacked"], contents.KnownIds.Order());
        Assert.Equal("old-unacked", Assert.Single(contents.Unacknowledged).TaskId);
    }

    [Fact]
    public async Task Acknowledge_DropsTheStoredOutputButKeepsTheOutcome()
    {
        var dispatch = Dispatches.Command("echo big; exit 3");
        await _tentacle.RunAsync(dispatch);
        await _tentacle.Executor.AcknowledgeAsync(dispatch.TaskId).WaitAsync(ExecutorHarness.Timeout);

        var stored = await _tentacle.Executor.Journal.ReadResultAsync(dispatch.TaskId).WaitAsync(ExecutorHarness.Timeout);

        Assert.NotNull(stored);
        Assert.Equal(TaskState.Failed, stored.State);
        Assert.Equal(3, stored.ExitCode);
        Assert.Equal("", stored.Stdout);
    }

    [Fact]
    public async Task GroupCommit_BurstOfAccepts_SharesTransactionsAndIsFasterThanOneFsyncEach()
    {
        const int Burst = 500;
        await _tentacle.StopAsync();

        var (oneEach, oneEachTransactions) = await MeasureAcceptsAsync(Burst, maxBatch: 1, "one-each");
        var (grouped, groupedTransactions) = await MeasureAcceptsAsync(Burst, maxBatch: 1024, "grouped");

        output.WriteLine($"{Burst} accepts, one transaction each: {oneEach.TotalMilliseconds:0} ms ({oneEach.TotalMilliseconds * 1000 / Burst:0} µs/accept, {oneEachTransactions} fsyncs)");
        output.WriteLine($"{Burst} accepts, group commit:        {grouped.TotalMilliseconds:0} ms ({grouped.TotalMilliseconds * 1000 / Burst:0} µs/accept, {groupedTransactions} fsyncs)");
        Assert.Equal(Burst, oneEachTransactions);
        Assert.True(groupedTransactions <= Burst / 10, $"{groupedTransactions} transactions for {Burst} concurrent accepts");
    }

    private async Task<(TimeSpan Elapsed, long Transactions)> MeasureAcceptsAsync(int count, int maxBatch, string name)
    {
        var dir = Path.Combine(_tentacle.DataDirectory, name);
        Directory.CreateDirectory(dir);
        await using var journal = TaskJournal.Open(dir, TimeProvider.System, _tentacle.Log, maxBatch);
        var dispatches = Enumerable.Range(0, count).Select(_ => Dispatches.Command("true")).ToList();
        var before = journal.Transactions;
        var watch = Stopwatch.StartNew();
        // As the link does: every dispatch's write is queued before the first one is awaited.
        await Task.WhenAll(dispatches.Select(d => journal.AcceptAsync(d, 0))).WaitAsync(TimeSpan.FromSeconds(60));
        return (watch.Elapsed, journal.Transactions - before);
    }
}
