using System.Security.Cryptography;
using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Journal;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>
/// File tasks across a Tentacle restart: unlike commands (reported lost, since running them twice could do harm),
/// <c>file.push</c>, <c>file.pull</c> and <c>file.list</c> run again, and a push resumes from its spool.
/// </summary>
public sealed class FileTaskRecoveryTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly ExecutorHarness _tentacle = new("file-recovery");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Theory]
    [InlineData(TaskKinds.FilePush, true)]
    [InlineData(TaskKinds.FilePull, true)]
    [InlineData(TaskKinds.FileList, true)]
    [InlineData(TaskKinds.Command, false)]
    [InlineData(TaskKinds.Script, false)]
    [InlineData(TaskKinds.Tail, false)]
    [InlineData(TaskKinds.HttpGet, false)]
    public void ResumesAfterRestart_OnlyTheFileKinds(string kind, bool resumes) =>
        Assert.Equal(resumes, TaskExecutor.ResumesAfterRestart(kind));

    [Fact]
    public async Task Stop_DuringAPush_KeepsTheSpool_AndTheRunAfterTheRestartResumesFromIt()
    {
        var (tar, payload) = PushOf(12 * MiB);
        var dispatch = Dispatches.Of(TaskKinds.FilePush, payload, ProtocolJsonContext.Default.FilePushPayload);
        await _tentacle.StartAsync();
        await using var feeder = new PushFeeder(_tentacle, payload.TransferId, tar) { Limit = 6 * MiB };
        feeder.Start();
        var spool = ChunkSpool.PathFor(_tentacle.DataDirectory, payload.TransferId);
        await _tentacle.AcceptAsync(dispatch);
        await Eventually.TrueAsync(() => File.Exists(spool) && new FileInfo(spool).Length == 6 * MiB, ExecutorHarness.Timeout, "half the stream in the node's spool");
        var before = _tentacle.Reports;

        await _tentacle.StopAsync();

        Assert.Empty(before.Results(dispatch.TaskId));
        Assert.Equal(6 * MiB, new FileInfo(spool).Length);
        var requestsBefore = feeder.Offsets.Count;
        feeder.Limit = long.MaxValue;
        await _tentacle.StartAsync();
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId, TimeSpan.FromSeconds(30));

        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        Assert.Equal(6 * MiB, feeder.Offsets[requestsBefore]);
        Assert.True(feeder.Offsets.Skip(requestsBefore).All(o => o >= 6 * MiB), string.Join(", ", feeder.Offsets));
        Assert.Equal(Content(tar), await File.ReadAllBytesAsync(Path.Combine(_tentacle.Workspace, "dest", "big.bin")));
        Assert.False(File.Exists(spool));
    }

    [Fact]
    public async Task Crash_DuringAPush_RunsItAgain_FromWhatTheSpoolOnDiskHolds()
    {
        var (tar, payload) = PushOf(7 * MiB);
        var dispatch = Dispatches.Of(TaskKinds.FilePush, payload, ProtocolJsonContext.Default.FilePushPayload);
        await JournalRunningAsync(dispatch);
        var spool = ChunkSpool.PathFor(_tentacle.DataDirectory, payload.TransferId);
        Directory.CreateDirectory(Path.GetDirectoryName(spool)!);
        await File.WriteAllBytesAsync(spool, tar[..(5 * MiB)]);

        await _tentacle.StartAsync();
        await using var feeder = new PushFeeder(_tentacle, payload.TransferId, tar);
        feeder.Start();
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId, TimeSpan.FromSeconds(30));

        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        Assert.Equal(5 * MiB, feeder.Offsets[0]);
        Assert.Equal(Content(tar), await File.ReadAllBytesAsync(Path.Combine(_tentacle.Workspace, "dest", "big.bin")));
    }

    [Fact]
    public async Task Crash_DuringAPull_WritesTheStreamAgain_AndLeavesNoPart()
    {
        File.WriteAllText(Path.Combine(_tentacle.Workspace, "report.txt"), "quarterly numbers\n");
        var transferId = Dispatches.NewId();
        var dispatch = Dispatches.Of(TaskKinds.FilePull, new FilePullPayload { TransferId = transferId, Path = "@workspace/report.txt" }, ProtocolJsonContext.Default.FilePullPayload);
        await JournalRunningAsync(dispatch);
        var outgoing = Path.Combine(_tentacle.DataDirectory, "files", "outgoing");
        Directory.CreateDirectory(outgoing);
        await File.WriteAllTextAsync(Path.Combine(outgoing, transferId + ".tar.part"), "a half-written stream");

        await _tentacle.StartAsync();
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        var info = JsonSerializer.Deserialize(result.Stdout!, ProtocolJsonContext.Default.FileStreamInfo)!;
        var stream = await File.ReadAllBytesAsync(Path.Combine(outgoing, transferId + ".tar"));
        Assert.Equal((stream.LongLength, Convert.ToHexStringLower(SHA256.HashData(stream))), (info.TotalBytes, info.Sha256));
        Assert.Equal([transferId + ".tar"], Directory.GetFiles(outgoing).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Crash_DuringAList_RunsItAgain_InsteadOfReportingItLost()
    {
        File.WriteAllText(Path.Combine(_tentacle.Workspace, "a.txt"), "a");
        var dispatch = Dispatches.Of(TaskKinds.FileList, new FileListPayload { Path = "@workspace" }, ProtocolJsonContext.Default.FileListPayload);
        await JournalRunningAsync(dispatch);

        await _tentacle.StartAsync();
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        Assert.Equal(["a.txt"], JsonSerializer.Deserialize(result.Stdout!, ProtocolJsonContext.Default.FileListing)!.Entries.Select(e => e.Name));
        Assert.Single(_tentacle.Reports.Results(dispatch.TaskId));
    }

    [Fact]
    public async Task Crash_DuringACommand_StillReportsItLost()
    {
        var dispatch = Dispatches.Command("echo ran >> ran.log");
        await JournalRunningAsync(dispatch);

        await _tentacle.StartAsync();

        Assert.Equal(TaskState.Lost, Assert.Single(_tentacle.Reports.Results(dispatch.TaskId)).State);
        Assert.Equal("", _tentacle.ReadWorkspaceFile("ran.log"));
    }

    [Fact]
    public async Task Cancel_DuringAPush_EndsItCancelled_AndRemovesTheSpool()
    {
        var (tar, payload) = PushOf(6 * MiB);
        var dispatch = Dispatches.Of(TaskKinds.FilePush, payload, ProtocolJsonContext.Default.FilePushPayload);
        await _tentacle.StartAsync();
        await using var feeder = new PushFeeder(_tentacle, payload.TransferId, tar) { Limit = 2 * MiB };
        feeder.Start();
        var spool = ChunkSpool.PathFor(_tentacle.DataDirectory, payload.TransferId);
        await _tentacle.AcceptAsync(dispatch);
        await Eventually.TrueAsync(() => File.Exists(spool) && new FileInfo(spool).Length == 2 * MiB, ExecutorHarness.Timeout, "part of the stream in the node's spool");

        await _tentacle.Executor.CancelAsync(dispatch.TaskId, "cancelled");
        var result = await _tentacle.Reports.ResultAsync(dispatch.TaskId);

        Assert.Equal(TaskState.Cancelled, result.State);
        Assert.False(File.Exists(spool));
    }

    /// <summary>A tar holding <c>big.bin</c> of <paramref name="size"/> random bytes, and its push into @workspace/dest.</summary>
    private static (byte[] Tar, FilePushPayload Payload) PushOf(int size)
    {
        var tar = new TarBuilder().File("big.bin", RandomNumberGenerator.GetBytes(size)).Build();
        return (tar, new FilePushPayload
        {
            TransferId = Dispatches.NewId(),
            TargetDirectory = "@workspace/dest",
            Force = true,
            TotalBytes = tar.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(tar)),
        });
    }

    /// <summary>The content of the one file in <paramref name="tar"/>.</summary>
    private static byte[] Content(byte[] tar)
    {
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar));
        var entry = reader.GetNextEntry()!;
        using var content = new MemoryStream();
        entry.DataStream!.CopyTo(content);
        return content.ToArray();
    }

    /// <summary>Leaves a journal as a Tentacle that died during the task would: accepted, then marked running.</summary>
    private async Task JournalRunningAsync(TaskDispatch dispatch)
    {
        await using var journal = TaskJournal.Open(_tentacle.DataDirectory, TimeProvider.System, _tentacle.Log);
        await journal.AcceptAsync(dispatch, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await journal.MarkRunningAsync(dispatch.TaskId);
        await journal.RecordProcessAsync(dispatch.TaskId, null, null, 1234.5);
    }
}
