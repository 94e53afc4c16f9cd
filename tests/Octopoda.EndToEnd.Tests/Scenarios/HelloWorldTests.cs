using Octopoda.Client;

namespace Octopoda.EndToEnd.Tests.Scenarios;

/// <summary>
/// <c>samples/helloWorld</c> through its whole life, as its README runs it, against separate brain, tentacle and octl
/// processes on two nodes: prepare → start → date → commit → stop → version list → reset to the first version → purge,
/// checking the NodeApp directories on both nodes' disks at every step.
/// </summary>
public sealed class HelloWorldTests : IAsyncLifetime
{
    private ScenarioFleet _scenario = null!;

    public async Task InitializeAsync() => _scenario = await ScenarioFleet.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public async Task HelloWorld_ThroughItsWholeLife_OnTwoTentacles()
    {
        var s = _scenario;

        // prepare: sources on every NodeApp's nodes, one version each, then the prepare scripts in order.
        var prepared = await s.ApplyAsync("prepare", "-m", "Prepare a new scenario");
        Assert.Equal("-->prepared\n", s.Read("node1", "helloPrinter", "hello.txt"));
        Assert.Equal("-->prepared\n", s.Read("node2", "worldPrinter", "world.txt"));
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.Equal("helloworld\n", s.Read(node, "helloWorldPrinter", "message.txt"));
            Assert.Equal("-->prepared\n", s.Read(node, "helloWorldPrinter", "helloworld.txt"));
        }

        Assert.False(Directory.Exists(s.NodeApp("node2", "helloPrinter")), "helloPrinter runs on node1 only");
        Assert.Contains(prepared, r => r is { App: "helloPrinter", Node: "node1" } && r.Output.Contains("prepared hello.txt on node1 (helloPrinter@helloWorld)", StringComparison.Ordinal));
        var first = Assert.Single(await s.VersionsAsync());
        Assert.Equal(4, first.NodeApps.Count);

        // start and the custom target date: each script's $OCTOPODA_OUTPUT is its result.
        var started = await s.ApplyAsync("start", "-m", "Start run a scenario");
        Assert.Contains(started, r => r is { App: "worldPrinter", Node: "node2", Output: "world\n" });
        Assert.Equal("-->prepared\nhello\n", s.Read("node1", "helloPrinter", "hello.txt"));
        var dated = await s.ApplyAsync("date", "-m", "Append current date to file");
        Assert.DoesNotContain(dated, r => r.App == "worldPrinter");
        var lines = s.Read("node1", "helloPrinter", "hello.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.True(DateTimeOffset.TryParse(lines[2], System.Globalization.CultureInfo.InvariantCulture, out _), $"the date line is '{lines[2]}'");

        // commit: the files the scripts made are a new version of every NodeApp (run.log is .gitignore'd).
        await s.ApplyAsync("commit", "-m", "Append current date to file");
        var afterCommit = await s.VersionsAsync();
        Assert.Equal(2, afterCommit.Count);
        Assert.NotEqual(first.Hash, afterCommit[1].Hash);
        Assert.Equal(2, (await s.NodeAppVersionsAsync("node1", "helloPrinter")).Count);

        var stopped = await s.ApplyAsync("stop", "-m", "Stop run a scenario");
        Assert.Equal(4, stopped.Count(r => r.Output == "stop\n"));

        // version list, newest first, from octl.
        var listed = await s.OctlAsync("scen", "version", ScenarioFleet.Scenario);
        Assert.True(listed.IndexOf(afterCommit[1].Hash[..12], StringComparison.Ordinal) < listed.IndexOf(first.Hash[..12], StringComparison.Ordinal), listed);

        // reset to the first version (the prepared state): what it held comes back, what came later goes, ignored files stay.
        File.Delete(Path.Combine(s.NodeApp("node1", "helloPrinter"), "message.txt"));
        File.WriteAllText(Path.Combine(s.NodeApp("node2", "worldPrinter"), "message.txt"), "changed by hand\n");
        File.WriteAllText(Path.Combine(s.NodeApp("node2", "worldPrinter"), "stray.txt"), "made by hand\n");
        await s.OctlAsync("scen", "reset", ScenarioFleet.Scenario, "-v", first.Hash[..6], "-m", "Reset to a history version");
        Assert.Equal("hello\n", s.Read("node1", "helloPrinter", "message.txt"));
        Assert.Equal("world\n", s.Read("node2", "worldPrinter", "message.txt"));
        Assert.Equal("-->prepared\n", s.Read("node1", "helloPrinter", "hello.txt"));
        Assert.Equal("-->prepared\n", s.Read("node2", "helloWorldPrinter", "helloworld.txt"));
        Assert.False(File.Exists(Path.Combine(s.NodeApp("node2", "worldPrinter"), "stray.txt")), "stray.txt came after the first version");
        Assert.True(File.Exists(Path.Combine(s.NodeApp("node1", "helloPrinter"), "run.log")), "run.log is ignored: a reset leaves it");
        var afterReset = await s.VersionsAsync();
        Assert.Equal([first.Hash, afterCommit[1].Hash, first.Hash], afterReset.Select(v => v.Hash));
        Assert.Equal("Reset to a history version", afterReset[2].Message);

        // purge: the purge scripts, then every NodeApp directory is gone and the scenario is dropped.
        var purged = await s.ApplyAsync("purge");
        Assert.Contains(purged, r => r is { App: "helloPrinter", Output: "purged hello.txt\n" });
        foreach (var (node, app) in new[] { ("node1", "helloPrinter"), ("node2", "worldPrinter"), ("node1", "helloWorldPrinter"), ("node2", "helloWorldPrinter") })
        {
            Assert.False(Directory.Exists(s.NodeApp(node, app)), $"{app}@helloWorld is still on {node}");
        }

        var gone = await Assert.ThrowsAsync<OctopodaApiException>(() => s.Client.GetScenarioAsync(ScenarioFleet.Scenario));
        Assert.Equal(404, gone.StatusCode);
        Assert.Empty((await s.Client.ListNodeAppsAsync("node1")).NodeApps);
    }
}
