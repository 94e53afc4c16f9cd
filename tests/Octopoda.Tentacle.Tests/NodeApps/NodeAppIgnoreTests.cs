namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary>Snapshots honour <c>.gitignore</c> files at any depth, and keep the files themselves.</summary>
public sealed class NodeAppIgnoreTests : IDisposable
{
    private readonly NodeAppFixture _nodeApp = new();

    public void Dispose() => _nodeApp.Dispose();

    [Fact]
    public async Task Commit_IgnoredFilesRootAndNested_NotInTheSnapshot()
    {
        WriteIgnoringTree();

        var outcome = await _nodeApp.CommitAsync();

        Assert.Equal(
            [".gitignore", "local", "src/", "src/.gitignore", "src/app.js", "src/lib/", "src/lib/local"],
            _nodeApp.PathsOf(outcome.Version.Hash));
    }

    [Fact]
    public async Task Commit_OnlyIgnoredFilesChanged_NoNewVersion()
    {
        WriteIgnoringTree();
        await _nodeApp.CommitAsync();

        _nodeApp.Write("app.log", "more log");
        _nodeApp.Write("node_modules/left-pad/index.js", "changed");
        _nodeApp.Write("node_modules/new/index.js", "new");
        _nodeApp.Write("src/secret.txt", "rotated");
        _nodeApp.Write("src/local", "changed");
        _nodeApp.Write("src/lib/x.log", "new log");
        var ignoredOnly = await _nodeApp.CommitAsync();
        _nodeApp.Write("src/app.js", "changed");
        var tracked = await _nodeApp.CommitAsync();

        Assert.False(ignoredOnly.Appended);
        Assert.True(tracked.Appended);
    }

    [Fact]
    public async Task Commit_GitignoreChanged_NewVersion()
    {
        WriteIgnoringTree();
        var first = await _nodeApp.CommitAsync();

        _nodeApp.Write(".gitignore", "*.log\n");
        var second = await _nodeApp.CommitAsync();

        Assert.True(second.Appended);
        Assert.Contains("node_modules/left-pad/index.js", _nodeApp.PathsOf(second.Version.Hash));
        Assert.DoesNotContain("node_modules/", _nodeApp.PathsOf(first.Version.Hash));
    }

    [Fact]
    public async Task Commit_SymlinkedGitignore_StoredButNotRead()
    {
        File.WriteAllText(Path.Combine(_nodeApp.Data, "rules"), "*\n");
        File.CreateSymbolicLink(Path.Combine(_nodeApp.Directory, ".gitignore"), Path.Combine(_nodeApp.Data, "rules"));
        _nodeApp.Write("a.txt", "a");

        var outcome = await _nodeApp.CommitAsync();

        Assert.Equal([".gitignore", "a.txt"], _nodeApp.PathsOf(outcome.Version.Hash));
    }

    private void WriteIgnoringTree()
    {
        _nodeApp.Write(".gitignore", "# build output\n*.log\nnode_modules/\n");
        _nodeApp.Write("app.log", "log");
        _nodeApp.Write("node_modules/left-pad/index.js", "module");
        _nodeApp.Write("local", "not ignored: the nested /local is anchored to src/");
        _nodeApp.Write("src/.gitignore", "secret.txt\n/local\n");
        _nodeApp.Write("src/app.js", "app");
        _nodeApp.Write("src/secret.txt", "secret");
        _nodeApp.Write("src/local", "ignored");
        _nodeApp.Write("src/lib/local", "not ignored: anchored one level up");
        _nodeApp.Write("src/lib/debug.log", "ignored by the root file");
    }
}
