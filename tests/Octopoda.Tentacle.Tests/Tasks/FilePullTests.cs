using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Tasks;
using Octopoda.Tentacle.Tests.Files;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary><c>file.pull</c> through a real executor: the stream in the outgoing spool reads back into the same tree.</summary>
public sealed class FilePullTests : IAsyncLifetime
{
    private static readonly DateTime Modified = new(2022, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly ExecutorHarness _tentacle = new("file-pull");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task Pull_Directory_ReadsBackThroughSafeExtractorIntoAnEqualTree()
    {
        var root = Path.Combine(_tentacle.Workspace, "site");
        WriteFile(Path.Combine(root, "index.html"), "<h1>hi</h1>", (UnixFileMode)0b110_100_100);
        WriteFile(Path.Combine(root, "run me.sh"), "#!/bin/sh\necho hi\n", (UnixFileMode)0b111_101_101);
        WriteFile(Path.Combine(root, "it's \"quoted\".txt"), "q", (UnixFileMode)0b110_000_000);
        WriteFile(Path.Combine(root, "new\nline.txt"), "n", (UnixFileMode)0b110_100_000);
        WriteFile(Path.Combine(root, "data", "big.bin"), RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5), (UnixFileMode)0b110_100_100);
        WriteFile(Path.Combine(root, ".env"), "SECRET=1\n", (UnixFileMode)0b110_000_000);
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        File.CreateSymbolicLink(Path.Combine(root, "current"), "data/big.bin");
        foreach (var directory in new[] { "data", "empty", "." })
        {
            File.SetUnixFileMode(Path.Combine(root, directory), (UnixFileMode)0b111_101_000);
            Directory.SetLastWriteTimeUtc(Path.Combine(root, directory), Modified);
        }

        var (transferId, result) = await PullAsync("@workspace/site");

        var info = StreamInfo(result);
        var stream = _tentacle.Files.Outgoing.PathFor(transferId);
        Assert.Equal(new FileInfo(stream).Length, info.TotalBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(stream))), info.Sha256);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stream));
        Assert.False(File.Exists(_tentacle.Files.Outgoing.PartPathFor(transferId)));

        var target = Directory.CreateDirectory(Path.Combine(_tentacle.DataDirectory, "received")).FullName;
        await using var archive = File.OpenRead(stream);
        var staged = await new SafeExtractor().ExtractAsync(archive, target, transferId, info.TotalBytes);
        Assert.True(staged.Succeeded, staged.Error);
        Assert.Equal(["site"], Directory.GetFileSystemEntries(staged.Value).Select(Path.GetFileName));
        var expected = TreeSnapshot.Of(root);
        Assert.Equal(10, expected.Count);
        Assert.Contains("current -> data/big.bin", expected);
        Assert.Equal(expected, TreeSnapshot.Of(Path.Combine(staged.Value, "site")));
    }

    [Fact]
    public async Task Pull_File_IsOneEntryNamedByTheLastNameOfThePath()
    {
        WriteFile(Path.Combine(_tentacle.Options.FileStorePath, "conf", "app.conf"), "port=80\n", (UnixFileMode)0b110_100_000);

        var (transferId, _) = await PullAsync("conf/app.conf");

        await using var reader = new TarReader(File.OpenRead(_tentacle.Files.Outgoing.PathFor(transferId)));
        var entry = await reader.GetNextEntryAsync();
        Assert.Equal(("app.conf", TarEntryType.RegularFile, (UnixFileMode)0b110_100_000), (entry!.Name, entry.EntryType, entry.Mode));
        Assert.Null(await reader.GetNextEntryAsync());
    }

    [Fact]
    public async Task Pull_LinkNamedInThePull_SendsWhatItPointsToUnderTheLinksName()
    {
        WriteFile(Path.Combine(_tentacle.Workspace, "releases", "v2", "app.txt"), "v2", (UnixFileMode)0b110_100_100);
        File.CreateSymbolicLink(Path.Combine(_tentacle.Workspace, "current"), "releases/v2");

        var (transferId, _) = await PullAsync("@workspace/current");

        await using var reader = new TarReader(File.OpenRead(_tentacle.Files.Outgoing.PathFor(transferId)));
        Assert.Equal("current/", (await reader.GetNextEntryAsync())!.Name);
        Assert.Equal("current/app.txt", (await reader.GetNextEntryAsync())!.Name);
    }

    [Fact]
    public async Task Pull_TreeWithAFifo_SkipsItWithAWarningOnStderr()
    {
        var root = Directory.CreateDirectory(Path.Combine(_tentacle.Workspace, "run")).FullName;
        File.WriteAllText(Path.Combine(root, "app.pid"), "42\n");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(root, "app.fifo")]))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(ExecutorHarness.Timeout);
        }

        var (transferId, result) = await PullAsync("@workspace/run");

        Assert.Equal($"warning: skipping {Path.Combine(root, "app.fifo")}: it is a FIFO; only files, directories and symbolic links are sent\n", result.Stderr);
        await using var reader = new TarReader(File.OpenRead(_tentacle.Files.Outgoing.PathFor(transferId)));
        Assert.Equal("run/", (await reader.GetNextEntryAsync())!.Name);
        Assert.Equal("run/app.pid", (await reader.GetNextEntryAsync())!.Name);
        Assert.Null(await reader.GetNextEntryAsync());
    }

    [Fact]
    public async Task Pull_MissingPath_FailsSayingSo_AndWritesNothing()
    {
        var dispatch = Pull("@workspace/gone", out var transferId);

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal($"{Path.Combine(_tentacle.Workspace, "gone")} does not exist on unit: check the path (list its parent directory to see what is there)", result.Error);
        Assert.False(File.Exists(_tentacle.Files.Outgoing.PathFor(transferId)));
        Assert.False(File.Exists(_tentacle.Files.Outgoing.PartPathFor(transferId)));
    }

    [Fact]
    public async Task Pull_RunAgainForTheSameTransfer_ReusesTheStreamAlreadyWritten()
    {
        WriteFile(Path.Combine(_tentacle.Workspace, "notes.txt"), "first", (UnixFileMode)0b110_100_100);
        var (transferId, first) = await PullAsync("@workspace/notes.txt");
        var stream = _tentacle.Files.Outgoing.PathFor(transferId);
        File.SetLastWriteTimeUtc(stream, DateTime.UtcNow.AddHours(-20));
        File.WriteAllText(Path.Combine(_tentacle.Workspace, "notes.txt"), "second, longer");

        var again = await _tentacle.RunAsync(Pull("@workspace/notes.txt", out _) with { Payload = JsonSerializer.Serialize(new FilePullPayload { TransferId = transferId, Path = "@workspace/notes.txt" }, ProtocolJsonContext.Default.FilePullPayload) });

        Assert.Equal(TaskState.Succeeded, again.State);
        Assert.Equal(StreamInfo(first), StreamInfo(again));
        Assert.InRange(File.GetLastWriteTimeUtc(stream), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Pull_TreeOverTheEntryLimit_FailsSayingSo_AndRemovesThePart()
    {
        var root = Directory.CreateDirectory(Path.Combine(_tentacle.Workspace, "many")).FullName;
        for (var i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(root, $"f{i}"), "x");
        }

        var transferId = Dispatches.NewId();
        var runner = new FilePullRunner(_tentacle.Options, _tentacle.Files.Outgoing, TimeProvider.System, maxEntries: 10);

        var outcome = await runner.RunAsync(new FilePullPayload { TransferId = transferId, Path = "@workspace/many" }, new ProcessHooks(), CancellationToken.None);

        Assert.Equal($"{root} holds more than 10 entries, more than one pull sends: pull its subdirectories one at a time, or archive it on unit first", outcome.Error);
        Assert.Empty(Directory.GetFiles(_tentacle.Files.Outgoing.Directory));
    }

    [Fact]
    public async Task Pull_LinkLeftWhereThePartGoes_IsReplacedNotWrittenThrough()
    {
        WriteFile(Path.Combine(_tentacle.Workspace, "notes.txt"), "notes", (UnixFileMode)0b110_100_100);
        var victim = Path.Combine(_tentacle.DataDirectory, "victim.txt");
        File.WriteAllText(victim, "untouched");
        File.SetUnixFileMode(victim, (UnixFileMode)0b110_100_100);
        var dispatch = Pull("@workspace/notes.txt", out var transferId);
        _tentacle.Files.Outgoing.EnsureDirectory();
        File.CreateSymbolicLink(_tentacle.Files.Outgoing.PartPathFor(transferId), victim);

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(("untouched", (UnixFileMode)0b110_100_100), (File.ReadAllText(victim), File.GetUnixFileMode(victim)));
        Assert.Equal([transferId + ".tar"], Directory.GetFileSystemEntries(_tentacle.Files.Outgoing.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Pull_MalformedTransferId_FailsBeforeWritingAnything()
    {
        var dispatch = Dispatches.Of(TaskKinds.FilePull, new FilePullPayload { TransferId = "../../etc", Path = "@workspace" }, ProtocolJsonContext.Default.FilePullPayload);

        var result = await _tentacle.RunAsync(dispatch);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Contains("is malformed", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tentacle.Files.Outgoing.Directory));
    }

    private static TaskDispatch Pull(string path, out string transferId)
    {
        transferId = Dispatches.NewId();
        return Dispatches.Of(TaskKinds.FilePull, new FilePullPayload { TransferId = transferId, Path = path }, ProtocolJsonContext.Default.FilePullPayload);
    }

    private async Task<(string TransferId, TaskResult Result)> PullAsync(string path)
    {
        var result = await _tentacle.RunAsync(Pull(path, out var transferId));
        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        Assert.Equal(0, result.ExitCode);
        return (transferId, result);
    }

    private static FileStreamInfo StreamInfo(TaskResult result) => JsonSerializer.Deserialize(result.Stdout!, ProtocolJsonContext.Default.FileStreamInfo)!;

    private static void WriteFile(string path, string content, UnixFileMode mode) => WriteFile(path, System.Text.Encoding.UTF8.GetBytes(content), mode);

    private static void WriteFile(string path, byte[] content, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, Modified);
    }
}
