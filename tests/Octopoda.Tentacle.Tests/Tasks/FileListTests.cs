using System.Diagnostics;
using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary><c>file.list</c> through a real executor on real directories: lstat, never a shell.</summary>
public sealed class FileListTests : IAsyncLifetime
{
    private static readonly DateTime Modified = new(2021, 3, 4, 5, 6, 7, 123, DateTimeKind.Utc);

    private readonly ExecutorHarness _tentacle = new("file-list");

    public Task InitializeAsync() => _tentacle.StartAsync();

    public Task DisposeAsync() => _tentacle.DisposeAsync().AsTask();

    [Fact]
    public async Task List_Directory_ListsEveryEntryByNameWithTypeModeSizeTimeAndLinkTargets()
    {
        var root = Path.Combine(_tentacle.Options.FileStorePath, "site");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        WriteFile(Path.Combine(root, "a.txt"), "hello", (UnixFileMode)0b110_100_000);
        WriteFile(Path.Combine(root, "B.txt"), "", (UnixFileMode)0b111_101_101);
        WriteFile(Path.Combine(root, ".hidden"), "h", (UnixFileMode)0b110_000_000);
        File.CreateSymbolicLink(Path.Combine(root, "link"), "sub");
        File.SetUnixFileMode(Path.Combine(root, "sub"), (UnixFileMode)0b111_101_000);
        Directory.SetLastWriteTimeUtc(Path.Combine(root, "sub"), Modified);

        var listing = await ListAsync("site");

        Assert.Equal(root, listing.Path);
        Assert.False(listing.Truncated);
        Assert.Equal([".hidden", "B.txt", "a.txt", "link", "sub"], listing.Entries.Select(e => e.Name));
        var file = listing.Entries[2];
        Assert.Equal((FileEntryView.File, 5L, 0b110_100_000, new DateTimeOffset(Modified).ToUnixTimeMilliseconds()), (file.Type, file.Size, file.Mode, file.ModifiedUnixMs));
        Assert.Null(file.LinkTarget);
        Assert.Equal((FileEntryView.File, 0L, 0b111_101_101), (listing.Entries[1].Type, listing.Entries[1].Size, listing.Entries[1].Mode));
        var link = listing.Entries[3];
        Assert.Equal((FileEntryView.Symlink, "sub", 3L), (link.Type, link.LinkTarget, link.Size));
        var sub = listing.Entries[4];
        Assert.Equal((FileEntryView.Directory, 0b111_101_000, new DateTimeOffset(Modified).ToUnixTimeMilliseconds()), (sub.Type, sub.Mode, sub.ModifiedUnixMs));
    }

    [Fact]
    public async Task List_File_IsAListingOfThatOneEntry()
    {
        var path = Path.Combine(_tentacle.Workspace, "app.conf");
        WriteFile(path, "port=80\n", (UnixFileMode)0b110_100_100);

        var listing = await ListAsync("@workspace/app.conf");

        Assert.Equal(path, listing.Path);
        var entry = Assert.Single(listing.Entries);
        Assert.Equal(("app.conf", FileEntryView.File, 8L, 0b110_100_100), (entry.Name, entry.Type, entry.Size, entry.Mode));
    }

    [Fact]
    public async Task List_SymlinkToADirectory_DescribesTheLinkWithoutFollowingIt()
    {
        var target = Directory.CreateDirectory(Path.Combine(_tentacle.DataDirectory, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(target, "inside.txt"), "x");
        Directory.CreateDirectory(_tentacle.Options.FileStorePath);
        File.CreateSymbolicLink(Path.Combine(_tentacle.Options.FileStorePath, "current"), target);

        var listing = await ListAsync("@fstore/current");

        var entry = Assert.Single(listing.Entries);
        Assert.Equal(("current", FileEntryView.Symlink, target), (entry.Name, entry.Type, entry.LinkTarget));
    }

    [Fact]
    public async Task List_FifoInADirectory_IsListedAsOther()
    {
        var root = Directory.CreateDirectory(Path.Combine(_tentacle.Workspace, "run")).FullName;
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(root, "app.fifo")]))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(ExecutorHarness.Timeout);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var listing = await ListAsync("@workspace/run");

        Assert.Equal(FileEntryView.Other, Assert.Single(listing.Entries).Type);
    }

    [Fact]
    public async Task List_MissingPath_FailsSayingItDoesNotExistOnTheNode()
    {
        var result = await _tentacle.RunAsync(List("@workspace/no-such-dir"));

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal($"{Path.Combine(_tentacle.Workspace, "no-such-dir")} does not exist on unit: check the path (list its parent directory to see what is there)", result.Error);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task List_UnknownPathVariable_FailsNamingTheKnownOnes()
    {
        var result = await _tentacle.RunAsync(List("@nowhere/x"));

        Assert.Equal(TaskState.Failed, result.State);
        Assert.StartsWith("unknown path variable '@nowhere'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_DirectoryOverTheLimit_KeepsTheFirstNamesInOrderAndSaysItIsTruncated()
    {
        var root = Directory.CreateDirectory(Path.Combine(_tentacle.Workspace, "many")).FullName;
        var names = Enumerable.Range(0, FileListPayload.MaxEntries + 37).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var name in names)
        {
            File.Create(Path.Combine(root, name)).Dispose();
        }

        var listing = await ListAsync("@workspace/many");

        Assert.True(listing.Truncated);
        Assert.Equal(names.Order(StringComparer.Ordinal).Take(FileListPayload.MaxEntries), listing.Entries.Select(e => e.Name));
    }

    [Fact]
    public void ListingJson_LongerThanTheOutputBound_IsCutToFitAndMarkedTruncated()
    {
        var entry = new FileEntryView { Name = new string('\n', 250), Type = FileEntryView.File, Size = 1, Mode = 420, ModifiedUnixMs = 1 };
        var listing = new FileListing { Path = "/x", Entries = [.. Enumerable.Repeat(entry, FileListPayload.MaxEntries)] };

        var json = Tentacle.Tasks.FileListRunner.ToJson(listing);

        Assert.InRange(json.Length, 1, Protocol.ProtocolInfo.MaxCapturedOutputBytes);
        var cut = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.FileListing)!;
        Assert.True(cut.Truncated);
        Assert.InRange(cut.Entries.Count, 100, FileListPayload.MaxEntries - 1);
    }

    private static TaskDispatch List(string path) =>
        Dispatches.Of(TaskKinds.FileList, new FileListPayload { Path = path }, ProtocolJsonContext.Default.FileListPayload);

    private async Task<FileListing> ListAsync(string path)
    {
        var result = await _tentacle.RunAsync(List(path));
        Assert.True(result.State == TaskState.Succeeded, $"{result.State}: {result.Error}");
        Assert.Equal(0, result.ExitCode);
        return JsonSerializer.Deserialize(result.Stdout!, ProtocolJsonContext.Default.FileListing)!;
    }

    private static void WriteFile(string path, string content, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, Modified);
    }
}
