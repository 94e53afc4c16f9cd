using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Octopoda.Testing;

namespace Octopoda.EndToEnd.Tests;

/// <summary>A Brain and Tentacles as separate processes of the built binaries, driven through octl as a user would.</summary>
internal sealed class ProcessFleet : IAsyncDisposable
{
    private readonly TestDirectory _root = new("e2e");
    private readonly Dictionary<string, ChildProcess> _tentacles = new(StringComparer.Ordinal);
    private ChildProcess? _brain;

    public int Port { get; } = FreePort();

    public string BrainUrl => $"https://127.0.0.1:{Port}";

    public string BrainData => Path.Combine(_root.Path, "brain");

    public string ConfigFile => Path.Combine(_root.Path, "octl.yaml");

    public static async Task<ProcessFleet> StartAsync(params string[] nodes)
    {
        var fleet = new ProcessFleet();
        try
        {
            var token = await fleet.BrainCommandAsync("token", "create", "--uses", "10");
            await fleet.StartBrainAsync();
            await File.WriteAllTextAsync(fleet.ConfigFile, $"brain: {fleet.BrainUrl}\ntoken: {(await File.ReadAllTextAsync(Path.Combine(fleet.BrainData, "admin.token"))).Trim()}\ncaFile: brain/pki/ca.crt\n");
            foreach (var node in nodes)
            {
                await fleet.StartTentacleAsync(node, token);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    public async Task StartBrainAsync()
    {
        _brain = ChildProcess.Start(Binaries.Brain, ["--data-dir", BrainData, "--listen", BrainUrl]);
        await _brain.WaitForOutputAsync("ready at", TimeSpan.FromSeconds(60));
    }

    public void KillBrain() => _brain?.KillHard();

    /// <summary>Starts a Tentacle process; without a token it must already be enrolled.</summary>
    public async Task StartTentacleAsync(string name, string? joinToken = null)
    {
        var arguments = new List<string> { "--name", name, "--brain", BrainUrl, "--data-dir", Path.Combine(_root.Path, name) };
        if (joinToken is not null)
        {
            arguments.AddRange(["--join-token", joinToken]);
        }

        var tentacle = ChildProcess.Start(Binaries.Tentacle, arguments);
        _tentacles[name] = tentacle;
        await tentacle.WaitForOutputAsync("Connected to", TimeSpan.FromSeconds(60));
    }

    public ChildProcess Tentacle(string name) => _tentacles[name];

    /// <summary>Runs octl with this fleet's config; returns its exit code and output.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> OctlAsync(params string[] arguments) =>
        ChildProcess.RunAsync(Binaries.Octl, arguments, new Dictionary<string, string> { ["OCTOPODA_CONFIG"] = ConfigFile, ["NO_COLOR"] = "1" });

    /// <summary>Node name → state, from <c>octl node get -o json</c>.</summary>
    public async Task<Dictionary<string, string>> NodeStatesAsync()
    {
        var (exit, stdout, stderr) = await OctlAsync("node", "get", "-o", "json");
        Assert.True(exit == 0, $"octl node get failed ({exit}): {stderr}");
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("state").GetString()!);
    }

    public Task WaitForStateAsync(string node, string state, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => (await NodeStatesAsync()).GetValueOrDefault(node) == state, timeout, $"{node} to be {state} (octl node get)");

    public async ValueTask DisposeAsync()
    {
        foreach (var tentacle in _tentacles.Values)
        {
            await tentacle.DisposeAsync();
        }

        if (_brain is not null)
        {
            await _brain.DisposeAsync();
        }

        _root.Dispose();
    }

    private async Task<string> BrainCommandAsync(params string[] arguments)
    {
        var (exit, stdout, stderr) = await ChildProcess.RunAsync(Binaries.Brain, [.. arguments, "--data-dir", BrainData, "--listen", BrainUrl]);
        Assert.True(exit == 0, $"brain {string.Join(' ', arguments)} failed: {stderr}");
        return stdout.Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
