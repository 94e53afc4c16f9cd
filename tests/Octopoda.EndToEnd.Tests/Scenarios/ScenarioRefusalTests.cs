namespace Octopoda.EndToEnd.Tests.Scenarios;

/// <summary>
/// Bad scenario folders are refused before any node is touched, with the file and the line: an unknown node (which
/// only the Brain can tell) and a missing script file (which octl finds itself).
/// </summary>
public sealed class ScenarioRefusalTests : IAsyncLifetime
{
    private ScenarioFleet _scenario = null!;

    public async Task InitializeAsync() => _scenario = await ScenarioFleet.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public async Task UnknownNode_AndMissingScript_AreRefusedAtTheirLines_AndNothingReachesANode()
    {
        var s = _scenario;
        var deployment = Path.Combine(s.Folder, "deployment.yaml");
        var original = await File.ReadAllTextAsync(deployment);
        var lines = original.Split('\n');
        var worldNodes = Array.FindIndex(lines, l => l.Trim() == "- node2") + 1;
        await File.WriteAllTextAsync(deployment, original.Replace("    - node2\n  script:\n    -\n      target: prepare\n      file: \"prepare.sh\"\n      order: 1", "    - ghost\n  script:\n    -\n      target: prepare\n      file: \"prepare.sh\"\n      order: 1", StringComparison.Ordinal));

        var (exit, _, stderr) = await s.Fleet.OctlAsync("scen", "apply", s.Folder, "prepare");

        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        Assert.Contains("deployment.yaml:", stderr, StringComparison.Ordinal);
        Assert.Contains("worldPrinter", stderr, StringComparison.Ordinal);
        Assert.Contains("ghost", stderr, StringComparison.Ordinal);
        Assert.True(worldNodes > 0);
        await AssertNothingOnTheNodesAsync();

        await File.WriteAllTextAsync(deployment, original);
        File.Delete(Path.Combine(s.Folder, "world", "scripts", "stop.sh"));
        (exit, _, stderr) = await s.Fleet.OctlAsync("scen", "apply", s.Folder, "prepare");

        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        var stopLine = Array.FindIndex(original.Split('\n'), worldNodes, l => l.Contains("\"stop.sh\"", StringComparison.Ordinal)) + 1;
        Assert.Contains($"deployment.yaml:{stopLine}:", stderr, StringComparison.Ordinal);
        await AssertNothingOnTheNodesAsync();
    }

    private async Task AssertNothingOnTheNodesAsync()
    {
        foreach (var node in new[] { "node1", "node2" })
        {
            var workspace = Path.Combine(_scenario.Fleet.TentacleData(node), "workspace");
            Assert.Empty(Directory.Exists(workspace) ? Directory.EnumerateDirectories(workspace).Where(d => d.Contains('@', StringComparison.Ordinal)) : []);
        }

        Assert.Empty((await _scenario.Client.ListScenariosAsync()).Scenarios);
    }
}
