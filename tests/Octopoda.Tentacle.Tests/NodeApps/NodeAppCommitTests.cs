using System.Diagnostics;
using Octopoda.Tentacle.NodeApps;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary><see cref="NodeAppStore.CommitAsync"/> on real directories: content addressing, what changes a version.</summary>
public sealed class NodeAppCommitTests : IDisposable
{
    private readonly NodeAppFixture _nodeApp = new();

    public void Dispose() => _nodeApp.Dispose();

    [Fact]
    public async Task Commit_SameContentTwice_SameHashAndNoNewVersion()
    {
        _nodeApp.Write("index.html", "<h1>hello</h1>");
        _nodeApp.Write("bin/run.sh", "#!/bin/sh\n", 0b111_101_101);

        var first = await _nodeApp.CommitAsync("first");
        var second = await _nodeApp.CommitAsync("second");

        Assert.True(first.Appended);
        Assert.False(second.Appended);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(64, first.Version.Hash.Length);
        Assert.Equal("first", Assert.Single(_nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario)!.Versions).Message);
    }

    [Fact]
    public async Task Commit_OneFileChanged_NewHashAndOneNewVersion()
    {
        _nodeApp.Write("a.txt", "one");
        _nodeApp.Write("b.txt", "two");
        var first = await _nodeApp.CommitAsync();

        _nodeApp.Write("b.txt", "two, changed");
        var second = await _nodeApp.CommitAsync("changed b");

        Assert.True(second.Appended);
        Assert.NotEqual(first.Version.Hash, second.Version.Hash);
        Assert.Equal([first.Version.Hash, second.Version.Hash], _nodeApp.Hashes());
        Assert.Equal(_nodeApp.Clock.GetUtcNow(), second.Version.Time);
    }

    [Fact]
    public async Task Commit_FileChangedBack_HashEqualsTheOldOne()
    {
        _nodeApp.Write("a.txt", "original");
        var original = await _nodeApp.CommitAsync();
        _nodeApp.Write("a.txt", "edited");
        var edited = await _nodeApp.CommitAsync();

        _nodeApp.Write("a.txt", "original");
        var back = await _nodeApp.CommitAsync();

        Assert.True(back.Appended);
        Assert.NotEqual(original.Version.Hash, edited.Version.Hash);
        Assert.Equal(original.Version.Hash, back.Version.Hash);
    }

    [Fact]
    public async Task Commit_OnlyModificationTimeChanged_NoNewVersion()
    {
        var path = _nodeApp.Write("a.txt", "content");
        await _nodeApp.CommitAsync();

        File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        System.IO.Directory.SetLastWriteTimeUtc(_nodeApp.Directory, new DateTime(2002, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var outcome = await _nodeApp.CommitAsync();

        Assert.False(outcome.Appended);
    }

    [Fact]
    public async Task Commit_SameSizeEditWithItsOldModificationTimeRestored_NewVersion()
    {
        var path = _nodeApp.Write("version.txt", "1.2.3");
        var modified = File.GetLastWriteTimeUtc(path);
        var first = await _nodeApp.CommitAsync();

        File.WriteAllText(path, "1.2.4");
        File.SetLastWriteTimeUtc(path, modified);
        var second = await _nodeApp.CommitAsync();

        Assert.True(second.Appended);
        Assert.NotEqual(first.Version.Hash, second.Version.Hash);
    }

    [Fact]
    public async Task Commit_ModeChanged_NewVersion()
    {
        var path = _nodeApp.Write("run.sh", "#!/bin/sh\n", 0b110_100_100);
        var first = await _nodeApp.CommitAsync();

        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var second = await _nodeApp.CommitAsync();

        Assert.True(second.Appended);
        Assert.NotEqual(first.Version.Hash, second.Version.Hash);
    }

    [Fact]
    public async Task Commit_EmptyDirectoryWithNoVersions_RecordsTheEmptyTreeOnce()
    {
        var first = await _nodeApp.CommitAsync("empty");
        var second = await _nodeApp.CommitAsync("still empty");

        Assert.True(first.Appended);
        Assert.False(second.Appended);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", first.Version.Hash); // SHA-256 of no bytes
    }

    [Fact]
    public async Task Commit_EqualContentInAnotherNodeApp_EqualHash()
    {
        _nodeApp.Write("a.txt", "same");
        var web = await _nodeApp.CommitAsync();
        _nodeApp.Store.Ensure("api", "prod", null);
        File.WriteAllText(Path.Combine(_nodeApp.Store.DirectoryOf("api", "prod"), "a.txt"), "same");
        File.SetUnixFileMode(Path.Combine(_nodeApp.Store.DirectoryOf("api", "prod"), "a.txt"), (UnixFileMode)0b110_100_100);

        var api = await _nodeApp.Store.CommitAsync("api", "prod", "commit", _nodeApp.Timeout);

        Assert.Equal(web.Version.Hash, api.Version.Hash);
    }

    [Fact]
    public async Task Commit_Symlinks_StoredAsLinksAndNeverFollowed()
    {
        using var outside = new TestDirectory("nodeapps-outside");
        var outsideFile = Path.Combine(outside.Path, "secret.txt");
        File.WriteAllText(outsideFile, "v1");
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "to-file"), outsideFile);
        System.IO.Directory.CreateDirectory(Path.Combine(outside.Path, "tree"));
        File.WriteAllText(Path.Combine(outside.Path, "tree", "big.bin"), "v1");
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "to-dir"), Path.Combine(outside.Path, "tree"));
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "dangling"), "no/such/thing");
        var first = await _nodeApp.CommitAsync();

        File.WriteAllText(outsideFile, "v2, longer");
        File.WriteAllText(Path.Combine(outside.Path, "tree", "big.bin"), "v2");
        var unchanged = await _nodeApp.CommitAsync();
        File.Delete(Path.Combine(_nodeApp.Directory, "dangling"));
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "dangling"), "no/such/other");
        var retargeted = await _nodeApp.CommitAsync();

        Assert.Equal(["dangling", "to-dir", "to-file"], _nodeApp.PathsOf(first.Version.Hash));
        Assert.False(unchanged.Appended);
        Assert.True(retargeted.Appended);
    }

    [Fact]
    public async Task Commit_Fifo_LeftOutWithoutBlocking()
    {
        _nodeApp.Write("a.txt", "a");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_nodeApp.Directory, "pipe")]))
        {
            await mkfifo.WaitForExitAsync(_nodeApp.Timeout);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var outcome = await _nodeApp.CommitAsync();

        Assert.Equal(["a.txt"], _nodeApp.PathsOf(outcome.Version.Hash));
    }

    [Fact]
    public async Task Commit_StoresObjectsUnderTheDataDirectoryOnly()
    {
        _nodeApp.Write("a.txt", "hello");
        var before = _nodeApp.Describe();

        var outcome = await _nodeApp.CommitAsync();

        Assert.Equal(before, _nodeApp.Describe());
        var tree = Path.Combine(_nodeApp.Metadata, "objects", outcome.Version.Hash[..2], outcome.Version.Hash[2..]);
        Assert.True(File.Exists(tree), tree);
        var blob = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // SHA-256 of "hello"
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_nodeApp.Metadata, "objects", blob[..2], blob[2..])));
        Assert.True(File.Exists(Path.Combine(_nodeApp.Metadata, "history.json")));
    }

    [Fact]
    public async Task Commit_ConcurrentOnOneNodeApp_RunOneAtATime()
    {
        _nodeApp.Write("a.txt", "a");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _nodeApp.Store.CommitAsync(NodeAppFixture.App, NodeAppFixture.Scenario, "c", _nodeApp.Timeout)));

        Assert.Single(outcomes, o => o.Appended);
        Assert.Single(_nodeApp.Hashes());
    }

    [Fact]
    public async Task Commit_UnknownNodeApp_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _nodeApp.Store.CommitAsync("nobody", "prod", "c", _nodeApp.Timeout));
    }

    [Fact]
    public async Task Commit_InvalidName_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _nodeApp.Store.CommitAsync("../etc", "prod", "c", _nodeApp.Timeout));
        Assert.Throws<ArgumentException>(() => _nodeApp.Store.DirectoryOf("web", "a b"));
    }

    [Fact]
    public void Snapshot_MoreEntriesThanTheLimit_IsRefused()
    {
        _nodeApp.Write("a", "1");
        _nodeApp.Write("d/b", "2");
        _nodeApp.Write("d/c", "3");

        var ok = SnapshotWriter.Take(_nodeApp.Directory, objects: null, StatCache.Empty(), _nodeApp.Timeout, maxEntries: 4);
        var refused = Assert.Throws<IOException>(() => SnapshotWriter.Take(_nodeApp.Directory, objects: null, StatCache.Empty(), _nodeApp.Timeout, maxEntries: 3));

        Assert.Equal(4, ok.Root.Entries.Count + ok.Root.Entries["d"].Entries.Count);
        Assert.Contains("more than 3 entries", refused.Message, StringComparison.Ordinal);
    }
}
