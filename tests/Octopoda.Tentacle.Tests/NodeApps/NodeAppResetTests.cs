namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary><see cref="Octopoda.Tentacle.NodeApps.NodeAppStore.ResetAsync"/>: restoring a version on real directories, and choosing it.</summary>
public sealed class NodeAppResetTests : IDisposable
{
    private const string OddName = "odd 'name' \"q\"\nline";

    private readonly NodeAppFixture _nodeApp = new();

    public void Dispose() => _nodeApp.Dispose();

    [Fact]
    public async Task Reset_ToAnOlderVersion_RestoresContentModesLinksAndDirectoriesAndDeletesWhatWasAdded()
    {
        _nodeApp.Write("index.html", "<h1>v1</h1>");
        _nodeApp.Write("bin/run me.sh", "#!/bin/sh\necho v1\n", 0b111_101_101);
        _nodeApp.Write("docs/readme", "read me");
        _nodeApp.Write(OddName, new string('x', 70_000), 0b110_000_000);
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "current"), "index.html");
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "docs"), (UnixFileMode)0b111_101_000);
        var a = await _nodeApp.CommitAsync("A");
        var contentA = _nodeApp.Describe();

        _nodeApp.Write("index.html", "<h1>v2</h1>");
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "bin", "run me.sh"), (UnixFileMode)0b110_000_000);
        File.Delete(Path.Combine(_nodeApp.Directory, "docs", "readme"));
        File.Delete(Path.Combine(_nodeApp.Directory, OddName));
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "docs"), (UnixFileMode)0b111_111_111);
        File.Delete(Path.Combine(_nodeApp.Directory, "current"));
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "current"), "elsewhere");
        _nodeApp.Write("new.txt", "added");
        _nodeApp.Write("extra/deep/file", "added");
        var b = await _nodeApp.CommitAsync("B");

        var reset = await _nodeApp.ResetAsync(a.Version.Hash, "back to A");

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal(contentA, _nodeApp.Describe());
        Assert.Equal(new string('x', 70_000), _nodeApp.Read(OddName));
        Assert.Equal([a.Version.Hash, b.Version.Hash, a.Version.Hash], _nodeApp.Hashes());
        Assert.Equal((a.Version.Hash, _nodeApp.Clock.GetUtcNow(), "back to A"), (reset.Version!.Hash, reset.Version.Time, reset.Version.Message));
        Assert.False((await _nodeApp.CommitAsync()).Appended);
    }

    [Fact]
    public async Task Reset_TypeChanges_FileDirectoryAndLinkSwapPlaces()
    {
        _nodeApp.Write("x", "a file");
        _nodeApp.Write("y/inner", "in a directory");
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "z"), "x");
        var a = await _nodeApp.CommitAsync();
        var contentA = _nodeApp.Describe();

        File.Delete(Path.Combine(_nodeApp.Directory, "x"));
        _nodeApp.Write("x/now-a-directory", "d");
        System.IO.Directory.Delete(Path.Combine(_nodeApp.Directory, "y"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, "y"), "x");
        File.Delete(Path.Combine(_nodeApp.Directory, "z"));
        _nodeApp.Write("z", "now a file");
        await _nodeApp.CommitAsync();

        var reset = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal(contentA, _nodeApp.Describe());
    }

    [Fact]
    public async Task Reset_SecondTimeToTheSameVersionByPrefix_IsNotAmbiguous()
    {
        _nodeApp.Write("a.txt", "A");
        var a = await _nodeApp.CommitAsync("A");
        _nodeApp.Write("a.txt", "B");
        var b = await _nodeApp.CommitAsync("B");
        Assert.True((await _nodeApp.ResetAsync(a.Version.Hash[..6])).Succeeded);
        _nodeApp.Write("a.txt", "C");
        await _nodeApp.CommitAsync("C");

        var again = await _nodeApp.ResetAsync(a.Version.Hash[..6]);

        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("A", _nodeApp.Read("a.txt"));
        Assert.Equal(a.Version.Hash, _nodeApp.Hashes()[^1]);
        Assert.Equal(5, _nodeApp.Hashes().Count);
        Assert.NotEqual(a.Version.Hash, b.Version.Hash);
    }

    [Fact]
    public async Task Reset_PrefixShorterThanThreeDigits_Refused()
    {
        _nodeApp.Write("a.txt", "A");
        var a = await _nodeApp.CommitAsync();
        _nodeApp.Write("a.txt", "B");
        await _nodeApp.CommitAsync();

        var outcome = await _nodeApp.ResetAsync(a.Version.Hash[..2]);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Version);
        Assert.Contains("at least 3", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("B", _nodeApp.Read("a.txt"));
        Assert.Equal(2, _nodeApp.Hashes().Count);
    }

    [Fact]
    public async Task Reset_UnknownPrefix_RefusedNamingIt()
    {
        _nodeApp.Write("a.txt", "A");
        var a = await _nodeApp.CommitAsync();
        var unknown = a.Version.Hash.StartsWith("abc", StringComparison.Ordinal) ? "abd" : "abc";

        var outcome = await _nodeApp.ResetAsync(unknown);

        Assert.Equal($"no version starts with '{unknown}'; `octl napp version` lists them", outcome.Error);
        Assert.Single(_nodeApp.Hashes());
    }

    [Fact]
    public async Task Reset_AmbiguousPrefix_RefusedListingTheCandidates()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        string? prefix = null;
        for (var i = 0; prefix is null; i++)
        {
            Assert.True(i < 2_000, "no two versions shared a 3-digit prefix in 2,000 tries");
            _nodeApp.Write("a.txt", $"content {i}");
            var hash = (await _nodeApp.CommitAsync()).Version.Hash;
            if (!seen.TryAdd(hash[..3], hash))
            {
                prefix = hash[..3];
            }
        }

        var first = seen[prefix];
        var second = _nodeApp.Hashes()[^1];
        var before = _nodeApp.Read("a.txt");

        var outcome = await _nodeApp.ResetAsync(prefix);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"'{prefix}' is ambiguous", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(first, outcome.Error, StringComparison.Ordinal);
        Assert.Contains(second, outcome.Error, StringComparison.Ordinal);
        Assert.Equal(before, _nodeApp.Read("a.txt"));
        Assert.True((await _nodeApp.ResetAsync(first[..10])).Succeeded);
    }

    [Fact]
    public async Task Reset_IgnoredFiles_SurviveUntouched()
    {
        _nodeApp.Write(".gitignore", "*.log\ncache/\n");
        _nodeApp.Write("app.conf", "port=80");
        _nodeApp.Write("app.log", "line 1\n");
        _nodeApp.Write("cache/blob", "cached");
        _nodeApp.Write("sub/.gitignore", "/state.db\n");
        _nodeApp.Write("sub/state.db", "rows");
        var a = await _nodeApp.CommitAsync();

        _nodeApp.Write("app.conf", "port=8080");
        _nodeApp.Write("app.log", "line 1\nline 2\n");
        _nodeApp.Write("cache/blob", "cached again");
        _nodeApp.Write("cache/more", "more");
        _nodeApp.Write("sub/state.db", "more rows");
        var ignoredBefore = _nodeApp.Describe().Where(e => e.Key.EndsWith(".log", StringComparison.Ordinal) || e.Key.StartsWith("cache", StringComparison.Ordinal) || e.Key == "sub/state.db").ToList();
        var modified = File.GetLastWriteTimeUtc(Path.Combine(_nodeApp.Directory, "app.log"));
        await _nodeApp.CommitAsync();

        var reset = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal("port=80", _nodeApp.Read("app.conf"));
        Assert.Equal(ignoredBefore, _nodeApp.Describe().Where(e => e.Key.EndsWith(".log", StringComparison.Ordinal) || e.Key.StartsWith("cache", StringComparison.Ordinal) || e.Key == "sub/state.db").ToList());
        Assert.Equal("line 1\nline 2\n", _nodeApp.Read("app.log"));
        Assert.Equal("more rows", _nodeApp.Read("sub/state.db"));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(Path.Combine(_nodeApp.Directory, "app.log")));
    }

    [Fact]
    public async Task Reset_PathIgnoredOnlyByTheRestoredVersionsRules_IsKept()
    {
        _nodeApp.Write(".gitignore", "data/\n*.db\n");
        _nodeApp.Write("app.conf", "A");
        var a = await _nodeApp.CommitAsync();
        File.Delete(Path.Combine(_nodeApp.Directory, ".gitignore"));
        _nodeApp.Write("data/db", "precious");
        _nodeApp.Write("state.db", "precious too");
        _nodeApp.Write("app.conf", "B");
        var b = await _nodeApp.CommitAsync();
        Assert.Contains("data/db", _nodeApp.PathsOf(b.Version.Hash));
        Assert.Contains("state.db", _nodeApp.PathsOf(b.Version.Hash));

        var reset = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal("precious", _nodeApp.Read("data/db"));
        Assert.Equal("precious too", _nodeApp.Read("state.db"));
        Assert.Equal("A", _nodeApp.Read("app.conf"));
        Assert.Equal("data/\n*.db\n", _nodeApp.Read(".gitignore"));
    }

    [Fact]
    public async Task Reset_PathTheVersionHoldsButTheCurrentRulesIgnore_TakesTheVersionsContent()
    {
        _nodeApp.Write("debug.log", "from A");
        var a = await _nodeApp.CommitAsync();
        _nodeApp.Write(".gitignore", "*.log\n");
        _nodeApp.Write("debug.log", "written while ignored");
        await _nodeApp.CommitAsync();

        var reset = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal("from A", _nodeApp.Read("debug.log"));
        Assert.False(File.Exists(Path.Combine(_nodeApp.Directory, ".gitignore")));
        Assert.False((await _nodeApp.CommitAsync()).Appended); // the directory is version A again, as the history says
    }

    [Fact]
    public async Task Reset_DirectoryNotInTheVersionButHoldingIgnoredFiles_KeepsThemAndIt()
    {
        _nodeApp.Write("app.conf", "A");
        var a = await _nodeApp.CommitAsync();
        _nodeApp.Write(".gitignore", "*.o\n");
        _nodeApp.Write("build/main.o", "object code");
        _nodeApp.Write("build/notes.txt", "notes");
        _nodeApp.Write("gone/entirely.txt", "bye");
        await _nodeApp.CommitAsync();

        var reset = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.True(reset.Succeeded, reset.Error);
        Assert.Equal(["app.conf", "build", "build/main.o"], _nodeApp.Describe().Keys);
        Assert.Equal("object code", _nodeApp.Read("build/main.o"));
    }

    [Fact]
    public async Task Reset_ReadOnlyDirectoryInTheVersion_RestoredWithItsModeAndResettableAgain()
    {
        _nodeApp.Write("locked/a.txt", "A");
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "locked"), (UnixFileMode)0b101_101_101);
        var a = await _nodeApp.CommitAsync();
        var contentA = _nodeApp.Describe();
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "locked"), (UnixFileMode)0b111_101_101);
        _nodeApp.Write("locked/a.txt", "B");
        _nodeApp.Write("locked/b.txt", "B");
        var b = await _nodeApp.CommitAsync();

        var toA = await _nodeApp.ResetAsync(a.Version.Hash);
        var afterA = _nodeApp.Describe();
        var toB = await _nodeApp.ResetAsync(b.Version.Hash);

        Assert.True(toA.Succeeded, toA.Error);
        Assert.Equal(contentA, afterA);
        Assert.True(toB.Succeeded, toB.Error);
        Assert.Equal("B", _nodeApp.Read("locked/b.txt"));
    }

    [Fact]
    public async Task Reset_SetuidBitsInTheDirectory_NeverRestored()
    {
        var path = _nodeApp.Write("tool", "#!/bin/sh\n", 0b111_101_101);
        File.SetUnixFileMode(path, (UnixFileMode)0b100_111_101_101); // setuid + 0755
        var a = await _nodeApp.CommitAsync();
        File.Delete(path);
        await _nodeApp.CommitAsync();

        await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Reset_MissingObject_FailsWithoutChangingAnything()
    {
        _nodeApp.Write("a.txt", "lost content");
        var a = await _nodeApp.CommitAsync();
        _nodeApp.Write("a.txt", "B");
        await _nodeApp.CommitAsync();
        var blob = "1a7fb0a8c2b9ef9d3b1cc39d17a1bcd1cc9e3f0fdfd3cbd1d8e0e3ca3c5bb8b1";
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(_nodeApp.Metadata, "objects"), "*", SearchOption.AllDirectories))
        {
            if (File.ReadAllText(file) == "lost content")
            {
                blob = Path.GetFileName(Path.GetDirectoryName(file)) + Path.GetFileName(file);
                File.Delete(file);
            }
        }

        var outcome = await _nodeApp.ResetAsync(a.Version.Hash);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"object {blob} is missing", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("B", _nodeApp.Read("a.txt"));
        Assert.Equal(2, _nodeApp.Hashes().Count);
    }

    [Fact]
    public async Task Reset_UnknownNodeApp_Fails()
    {
        var outcome = await _nodeApp.Store.ResetAsync("nobody", "prod", "abc", "reset", _nodeApp.Timeout);

        Assert.Equal("NodeApp nobody@prod does not exist on this node", outcome.Error);
    }
}
