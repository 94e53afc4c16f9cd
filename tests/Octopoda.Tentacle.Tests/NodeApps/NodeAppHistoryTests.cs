namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary>The durable record: restarts, damage, and the NodeApp's life (ensure, find, list, delete).</summary>
public sealed class NodeAppHistoryTests : IDisposable
{
    private readonly NodeAppFixture _nodeApp = new();

    public void Dispose() => _nodeApp.Dispose();

    [Fact]
    public async Task History_NewStoreInstance_SameVersionsWithTimesExactToTheTick()
    {
        _nodeApp.Write("a.txt", "A");
        var a = await _nodeApp.CommitAsync("first");
        _nodeApp.Write("a.txt", "B");
        var b = await _nodeApp.CommitAsync("second, with \"quotes\"");

        var first = _nodeApp.NewStore().Find(NodeAppFixture.App, NodeAppFixture.Scenario)!;
        _nodeApp.Write("a.txt", "C");
        await _nodeApp.NewStore().CommitAsync(NodeAppFixture.App, NodeAppFixture.Scenario, "third", _nodeApp.Timeout); // saves again
        var second = _nodeApp.NewStore().Find(NodeAppFixture.App, NodeAppFixture.Scenario)!;

        Assert.Equal([a.Version, b.Version], first.Versions);
        Assert.Equal([a.Version, b.Version], second.Versions.Take(2));
        var expected = (NodeAppFixture.Start + TimeSpan.FromTicks(15_000_001)).ToUniversalTime();
        Assert.True(expected.EqualsExact(second.Versions[0].Time), $"{second.Versions[0].Time:O} is not {expected:O}");
        Assert.Equal(TimeSpan.Zero, second.Versions[1].Time.Offset);
        Assert.Contains(expected.ToString("yyyy-MM-ddTHH:mm:ss.fffffff+00:00", System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(_nodeApp.Metadata, "history.json")), StringComparison.Ordinal);
        Assert.Equal("the web site", second.Description);
    }

    [Fact]
    public async Task History_Corrupt_CountsAsEmptyAndIsSetAsideBeforeTheNextWrite()
    {
        _nodeApp.Write("a.txt", "A");
        await _nodeApp.CommitAsync();
        var historyPath = Path.Combine(_nodeApp.Metadata, "history.json");
        File.WriteAllText(historyPath, "{ not json");

        var found = _nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario);
        var listed = _nodeApp.Store.List();
        var commit = await _nodeApp.CommitAsync("after the damage");

        Assert.NotNull(found);
        Assert.Empty(found.Versions);
        Assert.Single(listed);
        Assert.True(commit.Appended);
        Assert.Equal(["after the damage"], _nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario)!.Versions.Select(v => v.Message));
        var aside = Assert.Single(System.IO.Directory.GetFiles(_nodeApp.Metadata, "history.json.corrupt-*"));
        Assert.Equal("{ not json", File.ReadAllText(aside));
        Assert.Matches(@"history\.json\.corrupt-20240506\d{6}$", aside);
    }

    [Fact]
    public async Task History_ValidJsonOfAnotherNodeApp_CountsAsCorrupt()
    {
        var historyPath = Path.Combine(_nodeApp.Metadata, "history.json");
        File.WriteAllText(historyPath, """{"app":"other","scenario":"prod","versions":[]}""");

        var found = _nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario)!;
        await _nodeApp.CommitAsync();

        Assert.Empty(found.Versions);
        Assert.Single(System.IO.Directory.GetFiles(_nodeApp.Metadata, "history.json.corrupt-*"));
    }

    [Fact]
    public async Task History_MissingWithTheDirectoryThere_NoVersionsAndCommitStartsAfresh()
    {
        _nodeApp.Write("a.txt", "A");
        await _nodeApp.CommitAsync();
        File.Delete(Path.Combine(_nodeApp.Metadata, "history.json"));

        var found = _nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario);
        var commit = await _nodeApp.CommitAsync();

        Assert.NotNull(found);
        Assert.Empty(found.Versions);
        Assert.Null(found.Newest);
        Assert.True(commit.Appended);
    }

    [Fact]
    public void Ensure_ExistingNodeApp_KeepsItsDirectoryAndUpdatesOnlyAGivenDescription()
    {
        _nodeApp.Write("keep.txt", "kept");

        var same = _nodeApp.Store.Ensure(NodeAppFixture.App, NodeAppFixture.Scenario, null);
        var renamed = _nodeApp.Store.Ensure(NodeAppFixture.App, NodeAppFixture.Scenario, "new words");

        Assert.Equal("the web site", same.Description);
        Assert.Equal("new words", renamed.Description);
        Assert.Equal("new words", _nodeApp.NewStore().Find(NodeAppFixture.App, NodeAppFixture.Scenario)!.Description);
        Assert.Equal("kept", _nodeApp.Read("keep.txt"));
        Assert.Equal(Path.Combine(_nodeApp.Workspace, "web@prod"), _nodeApp.Directory);
    }

    [Fact]
    public void List_EveryNodeAppByName_SkippingOtherDirectories()
    {
        _nodeApp.Store.Ensure("b", "s", null);
        _nodeApp.Store.Ensure("a", "s", "first");
        System.IO.Directory.CreateDirectory(Path.Combine(_nodeApp.Workspace, "notes"));
        System.IO.Directory.CreateDirectory(Path.Combine(_nodeApp.Workspace, "z@s"));

        var names = _nodeApp.Store.List().Select(r => $"{r.App}@{r.Scenario}").ToList();

        Assert.Equal(["a@s", "b@s", "web@prod", "z@s"], names);
        Assert.Null(_nodeApp.Store.Find("nobody", "s"));
    }

    [Fact]
    public async Task Delete_RemovesTheDirectoryAndTheMetadata()
    {
        _nodeApp.Write("locked/a.txt", "A");
        File.SetUnixFileMode(Path.Combine(_nodeApp.Directory, "locked"), (UnixFileMode)0b101_101_101);
        await _nodeApp.CommitAsync();

        var deleted = _nodeApp.Store.Delete(NodeAppFixture.App, NodeAppFixture.Scenario);
        var again = _nodeApp.Store.Delete(NodeAppFixture.App, NodeAppFixture.Scenario);

        Assert.True(deleted);
        Assert.False(again);
        Assert.False(System.IO.Directory.Exists(_nodeApp.Directory));
        Assert.False(System.IO.Directory.Exists(_nodeApp.Metadata));
        Assert.Null(_nodeApp.Store.Find(NodeAppFixture.App, NodeAppFixture.Scenario));
        Assert.Empty(_nodeApp.Store.List());
    }
}
