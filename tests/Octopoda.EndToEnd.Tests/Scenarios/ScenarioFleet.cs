using System.Text.Json;
using Octopoda.Client;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.EndToEnd.Tests.Scenarios;

/// <summary>
/// A process fleet (node1, node2) with a copy of <c>samples/helloWorld</c> to apply, and the ways the scenario tests
/// look at it: octl as a process, the NodeApp directories on the nodes' disks, and the Brain's histories through the SDK.
/// </summary>
internal sealed class ScenarioFleet : IAsyncDisposable
{
    public const string Scenario = "helloWorld";

    private ScenarioFleet(ProcessFleet fleet, string folder)
    {
        Fleet = fleet;
        Folder = folder;
        Client = fleet.CreateClient();
    }

    public ProcessFleet Fleet { get; }

    /// <summary>The test's own copy of the sample scenario folder.</summary>
    public string Folder { get; }

    public OctopodaClient Client { get; private set; }

    public static async Task<ScenarioFleet> StartAsync()
    {
        var fleet = await ProcessFleet.StartAsync("node1", "node2");
        var folder = Path.Combine(fleet.Directory("local"), Scenario);
        Copy(Binaries.Sample(Scenario), folder);
        return new ScenarioFleet(fleet, folder);
    }

    /// <summary>A NodeApp's directory on a node's disk.</summary>
    public string NodeApp(string node, string app) => Path.Combine(Fleet.TentacleData(node), "workspace", $"{app}@{Scenario}");

    public string Read(string node, string app, string file) => File.ReadAllText(Path.Combine(NodeApp(node, app), file));

    /// <summary>Runs <c>octl scen apply &lt;folder&gt; &lt;target&gt; -o json</c> and returns every node's result, failing unless it exits 0.</summary>
    public async Task<List<NodeResult>> ApplyAsync(string target, params string[] more)
    {
        var json = await OctlAsync(["scen", "apply", Folder, target, .. more, "-o", "json"]);
        using var document = JsonDocument.Parse(json);
        var results = new List<NodeResult>();
        foreach (var step in document.RootElement.GetProperty("steps").EnumerateArray())
        {
            foreach (var result in step.GetProperty("results").EnumerateArray())
            {
                results.Add(new NodeResult(
                    Text(step, "step") ?? "",
                    Text(result, "app") ?? "",
                    Text(result, "node") ?? "",
                    Text(result, "state") ?? "",
                    Text(result, "output") ?? ""));
            }
        }

        return results;
    }

    /// <summary>Runs octl and returns its stdout, failing with its output when it does not exit 0.</summary>
    public async Task<string> OctlAsync(params string[] arguments)
    {
        var (exit, stdout, stderr) = await Fleet.OctlAsync(arguments);
        Assert.True(exit == 0, $"octl {string.Join(' ', arguments)} exited {exit}:\n{stdout}\n{stderr}\n{Fleet.Logs()}");
        return stdout;
    }

    /// <summary>The scenario's versions, oldest first.</summary>
    public async Task<List<ScenarioVersionView>> VersionsAsync()
    {
        var page = await Client.ListScenarioVersionsAsync(Scenario, 0, 1000);
        return [.. page.Versions.Reverse()];
    }

    /// <summary>One NodeApp's versions as the Brain recorded them, oldest first.</summary>
    public async Task<List<NodeAppVersion>> NodeAppVersionsAsync(string node, string app)
    {
        var page = await Client.ListNodeAppVersionsAsync(node, app, Scenario, 0, 1000);
        return [.. page.Versions.Reverse()];
    }

    /// <summary>Kills the Brain (SIGKILL) and starts it again on the same data; the SDK client is renewed.</summary>
    public async Task RestartBrainAsync()
    {
        await Fleet.KillBrainAsync();
        await Fleet.StartBrainAsync();
        Client.Dispose();
        Client = Fleet.CreateClient();
        await Fleet.WaitForStateAsync("node1", "online", TimeSpan.FromSeconds(60));
        await Fleet.WaitForStateAsync("node2", "online", TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Fleet.DisposeAsync();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}

/// <summary>One node's result of one step of an apply.</summary>
internal sealed record NodeResult(string Step, string App, string Node, string State, string Output);
