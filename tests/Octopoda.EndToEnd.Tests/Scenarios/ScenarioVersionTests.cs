namespace Octopoda.EndToEnd.Tests.Scenarios;

/// <summary>
/// Versions as content: an unchanged prepare records nothing, one changed source file records one version of the one
/// NodeApp it belongs to, the history survives a Brain killed between applies, and .gitignore'd files are never
/// versioned and survive resets. Separate brain, tentacle and octl processes.
/// </summary>
public sealed class ScenarioVersionTests : IAsyncLifetime
{
    private ScenarioFleet _scenario = null!;

    public async Task InitializeAsync() => _scenario = await ScenarioFleet.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public async Task Prepare_Unchanged_RecordsNothing_OneChangedFile_OneVersionOfThatNodeApp_AcrossABrainRestart()
    {
        var s = _scenario;
        await s.ApplyAsync("prepare", "-m", "first");
        var first = Assert.Single(await s.VersionsAsync());

        // The same folder again: the original failed here ("already exists"); now it is an update with nothing new.
        await s.ApplyAsync("prepare", "-m", "again");
        Assert.Single(await s.VersionsAsync());
        foreach (var (node, app) in NodeApps)
        {
            Assert.Single(await s.NodeAppVersionsAsync(node, app));
        }

        // The Brain dies between two applies: what it recorded is intact, and the next version is whole.
        await s.RestartBrainAsync();
        Assert.Equal([first.Hash], (await s.VersionsAsync()).Select(v => v.Hash));

        await File.WriteAllTextAsync(Path.Combine(s.Folder, "hello", "src", "message.txt"), "hello again\n");
        await s.ApplyAsync("prepare", "-m", "one file changed");
        var versions = await s.VersionsAsync();
        Assert.Equal(2, versions.Count);
        var (before, after) = (first.NodeApps.ToDictionary(n => (n.App, n.Node), n => n.Hash), versions[1].NodeApps.ToDictionary(n => (n.App, n.Node), n => n.Hash));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal([("helloPrinter", "node1")], before.Keys.Where(k => before[k] != after[k]));
        Assert.Equal("hello again\n", s.Read("node1", "helloPrinter", "message.txt"));
        foreach (var (node, app) in NodeApps)
        {
            Assert.Equal(app == "helloPrinter" ? 2 : 1, (await s.NodeAppVersionsAsync(node, app)).Count);
        }
    }

    [Fact]
    public async Task GitIgnoredFiles_AreNeverVersioned_AndSurviveAReset()
    {
        var s = _scenario;
        await s.ApplyAsync("prepare", "-m", "first");
        var first = Assert.Single(await s.VersionsAsync());
        await s.ApplyAsync("start");
        var log = Path.Combine(s.NodeApp("node1", "helloPrinter"), "run.log");
        Assert.True(File.Exists(log), "start writes run.log");

        // Only ignored files changed: a commit records nothing.
        await File.AppendAllTextAsync(log, "more\n");
        await File.WriteAllTextAsync(Path.Combine(s.NodeApp("node1", "helloPrinter"), "extra.log"), "also ignored\n");
        await s.ApplyAsync("commit", "-m", "after start");
        Assert.Equal(2, (await s.VersionsAsync()).Count); // start appended to hello.txt & co.; the logs are not in it
        await File.AppendAllTextAsync(log, "and more\n");
        await s.ApplyAsync("commit", "-m", "logs only, again");
        Assert.Equal(2, (await s.VersionsAsync()).Count);

        var logText = await File.ReadAllTextAsync(log);
        await s.OctlAsync("napp", "reset", "node1", "helloPrinter@helloWorld", "-v", first.NodeApps.Single(n => n is { App: "helloPrinter", Node: "node1" }).Hash![..8], "-m", "back");
        Assert.Equal(logText, await File.ReadAllTextAsync(log));
        Assert.Equal("also ignored\n", s.Read("node1", "helloPrinter", "extra.log"));
        Assert.Equal("-->prepared\n", s.Read("node1", "helloPrinter", "hello.txt"));
        Assert.Equal(3, (await s.NodeAppVersionsAsync("node1", "helloPrinter")).Count);
    }

    private static readonly (string Node, string App)[] NodeApps =
        [("node1", "helloPrinter"), ("node2", "worldPrinter"), ("node1", "helloWorldPrinter"), ("node2", "helloWorldPrinter")];
}
