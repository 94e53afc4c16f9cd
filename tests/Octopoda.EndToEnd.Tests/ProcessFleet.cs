using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Octopoda.Client;
using Octopoda.Testing;

namespace Octopoda.EndToEnd.Tests;

/// <summary>A Brain and Tentacles as separate processes of the built binaries, driven through octl as a user would.</summary>
internal sealed class ProcessFleet : IAsyncDisposable
{
    // Generous: on a loaded 2-CPU machine a Brain restarted over a store of 500 tasks took 57 s to listen.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly TestDirectory _root = new("e2e");
    private readonly Dictionary<string, ChildProcess> _tentacles = new(StringComparer.Ordinal);

    // Processes killed or stopped and replaced, kept for their logs and disposed with the fleet.
    private readonly List<(string Name, ChildProcess Process)> _retired = [];
    private ChildProcess? _brain;

    public int Port { get; } = FreePort();

    public string BrainUrl => $"https://127.0.0.1:{Port}";

    public string BrainData => Path.Combine(_root.Path, "brain");

    public string ConfigFile => Path.Combine(_root.Path, "octl.yaml");

    /// <summary>Starts a Brain and enrols one Tentacle per name, all Tentacles at once.</summary>
    public static async Task<ProcessFleet> StartAsync(params string[] nodes)
    {
        var fleet = new ProcessFleet();
        try
        {
            var uses = Math.Max(10, nodes.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var token = await fleet.BrainCommandAsync("token", "create", "--uses", uses);
            await fleet.StartBrainAsync();
            await File.WriteAllTextAsync(fleet.ConfigFile, $"brain: {fleet.BrainUrl}\ntoken: {await fleet.AdminTokenAsync()}\ncaFile: brain/pki/ca.crt\n");
            await Task.WhenAll(nodes.Select(node => fleet.StartTentacleAsync(node, token)));
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
        Retire("brain", _brain);
        _brain = ChildProcess.Start(Binaries.Brain, ["--data-dir", BrainData, "--listen", BrainUrl]);
        await _brain.WaitForOutputAsync("ready at", StartTimeout);
    }

    public void KillBrain() => _brain?.KillHard();

    /// <summary>SIGKILLs the Brain and waits until it is gone; <see cref="StartBrainAsync"/> brings it back on the same port and data.</summary>
    public Task KillBrainAsync() => _brain?.KillHardAsync(StopTimeout) ?? Task.CompletedTask;

    /// <summary>Starts a Tentacle process; without a token it must already be enrolled. A previous process of that name must be gone.</summary>
    public async Task StartTentacleAsync(string name, string? joinToken = null)
    {
        var arguments = new List<string> { "--name", name, "--brain", BrainUrl, "--data-dir", TentacleData(name) };
        if (joinToken is not null)
        {
            arguments.AddRange(["--join-token", joinToken]);
        }

        var tentacle = ChildProcess.Start(Binaries.Tentacle, arguments);
        lock (_tentacles)
        {
            if (_tentacles.TryGetValue(name, out var previous))
            {
                Retire(name, previous);
            }

            _tentacles[name] = tentacle;
        }

        await tentacle.WaitForOutputAsync("Connected to", StartTimeout);
    }

    public ChildProcess Tentacle(string name) => _tentacles[name];

    /// <summary>Starts again the Brain and every Tentacle whose process has exited (killed or stopped and not brought back).</summary>
    public async Task EnsureRunningAsync()
    {
        if (_brain is null || _brain.HasExited)
        {
            await StartBrainAsync();
        }

        List<string> stopped;
        lock (_tentacles)
        {
            stopped = [.. _tentacles.Where(t => t.Value.HasExited).Select(t => t.Key)];
        }

        await Task.WhenAll(stopped.Select(name => StartTentacleAsync(name)));
    }

    /// <summary>A Tentacle's data directory (identity, journal.db, workspace).</summary>
    public string TentacleData(string name) => Path.Combine(_root.Path, name);

    /// <summary>SIGKILLs a Tentacle and waits until it is gone; its tasks' process groups live on (setsid).</summary>
    public Task KillTentacleAsync(string name) => Tentacle(name).KillHardAsync(StopTimeout);

    /// <summary>SIGTERMs a Tentacle (a graceful stop) and waits until it has exited.</summary>
    public Task StopTentacleAsync(string name) => Tentacle(name).TerminateAsync(StopTimeout);

    /// <summary>A fresh directory inside the fleet's, deleted with it.</summary>
    public string Directory(string name) => _root.Sub(name);

    /// <summary>An SDK client with the admin token and the Brain's CA pinned; every call is bounded by its timeout (60 s: a first request to a Brain starved of CPU took over 15 s).</summary>
    public OctopodaClient CreateClient() => new(new OctopodaClientOptions
    {
        BaseAddress = new Uri(BrainUrl),
        Token = File.ReadAllText(Path.Combine(BrainData, "admin.token")).Trim(),
        CaCertificateFile = Path.Combine(BrainData, "pki", "ca.crt"),
        Timeout = TimeSpan.FromSeconds(60),
    });

    /// <summary>Every process's output so far, the replaced ones included, each under its name (for a failing test's report).</summary>
    public string Logs(int lastCharsEach = 6000)
    {
        var text = new StringBuilder();
        var all = new List<(string Name, ChildProcess Process)>(_retired);
        if (_brain is not null)
        {
            all.Add(("brain", _brain));
        }

        all.AddRange(_tentacles.Select(t => (t.Key, t.Value)));
        foreach (var (name, process) in all)
        {
            var output = process.Output;
            text.Append("----- ").Append(name).Append(" (pid ").Append(process.Id).Append(process.HasExited ? ", exited" : "").AppendLine(") -----")
                .AppendLine(output.Length > lastCharsEach ? "…" + output[^lastCharsEach..] : output);
        }

        return text.ToString();
    }

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

        foreach (var (_, process) in _retired)
        {
            await process.DisposeAsync();
        }

        if (_brain is not null)
        {
            await _brain.DisposeAsync();
        }

        _root.Dispose();
    }

    private void Retire(string name, ChildProcess? process)
    {
        if (process is not null)
        {
            lock (_retired)
            {
                _retired.Add((name, process));
            }
        }
    }

    private async Task<string> AdminTokenAsync() => (await File.ReadAllTextAsync(Path.Combine(BrainData, "admin.token"))).Trim();

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
