using Microsoft.Extensions.Logging;
using Octopoda.Brain;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Tentacle;

namespace Octopoda.Testing;

/// <summary>
/// An in-process cluster (Orleans-style): one real Brain on Kestrel at 127.0.0.1:0 and N real Tentacles, each
/// with its own data directory, connected over real mutual-TLS WebSockets. Nodes are named <c>node1..nodeN</c>.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _root = new("cluster");
    private readonly Dictionary<string, TentacleApplication> _tentacles = new(StringComparer.Ordinal);
    private readonly Action<BrainOptions>? _configureBrain;
    private string? _joinToken;
    private int _port;

    private readonly CapturedLogs? _brainLogs;

    private TestCluster(Action<BrainOptions>? configureBrain, CapturedLogs? brainLogs)
    {
        _configureBrain = configureBrain;
        _brainLogs = brainLogs;
    }

    internal BrainApplication Brain { get; private set; } = null!;

    internal IReadOnlyDictionary<string, TentacleApplication> Tentacles => _tentacles;

    public string DataRoot => _root.Path;

    public Uri BrainAddress => Brain.Address;

    public string AdminToken => Brain.ReadAdminToken();

    public string CaCertificateFile => Brain.CaCertificateFile;

    /// <summary>An SDK client with the admin token and the pinned CA.</summary>
    public OctopodaClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts a Brain and <paramref name="tentacles"/> Tentacles and waits until every node is online. With
    /// <paramref name="brainLogs"/> the Brain logs everything, at every level and category, there instead of the console.
    /// </summary>
    internal static async Task<TestCluster> StartAsync(int tentacles, Action<BrainOptions>? configureBrain = null, CapturedLogs? brainLogs = null)
    {
        var cluster = new TestCluster(configureBrain, brainLogs);
        try
        {
            await cluster.StartBrainAsync();
            cluster._joinToken = (await cluster.Brain.CreateJoinTokenAsync(1000, TimeSpan.FromHours(1))).ToString();
            await Task.WhenAll(Enumerable.Range(1, tentacles).Select(i => cluster.StartTentacleAsync($"node{i}")));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts (or restarts) a Tentacle with its own data directory and waits until it is connected. With
    /// <paramref name="via"/> (e.g. a <see cref="TcpProxy"/>'s address) it dials that instead of the Brain.
    /// </summary>
    internal async Task<TentacleApplication> StartTentacleAsync(string name, Uri? via = null)
    {
        var tentacle = TentacleApplication.Create(new TentacleOptions
        {
            Name = name,
            Brains = [(via ?? Brain.Address).ToString()],
            JoinToken = _joinToken,
            DataDirectory = TentacleDataDirectory(name),
        }, LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)));
        _tentacles[name] = tentacle;
        await tentacle.StartAsync();
        await tentacle.WaitConnectedAsync(StartTimeout);
        return tentacle;
    }

    /// <summary>A Tentacle's data directory (its journal, identity and default workspace live there).</summary>
    public string TentacleDataDirectory(string name) => Path.Combine(_root.Path, "tentacles", name);

    /// <summary>Stops a Tentacle as SIGTERM would.</summary>
    internal async Task StopTentacleAsync(string name)
    {
        if (_tentacles.Remove(name, out var tentacle))
        {
            await tentacle.DisposeAsync();
        }
    }

    /// <summary>Stops the Brain and starts it again on the same port and data directory.</summary>
    public async Task RestartBrainAsync()
    {
        Client.Dispose();
        await Brain.StopAsync();
        await Brain.DisposeAsync();
        await StartBrainAsync();
    }

    /// <summary>Waits until the named nodes are all in <paramref name="state"/>.</summary>
    public Task WaitForStateAsync(NodeState state, TimeSpan timeout, params string[] names) =>
        Eventually.TrueAsync(
            async () =>
            {
                var nodes = await Client.GetNodesAsync(names);
                return nodes.Nodes.Count == names.Length && nodes.Nodes.All(n => n.State == state);
            },
            timeout,
            $"{string.Join(", ", names)} to be {state.ToString().ToLowerInvariant()}");

    public async ValueTask DisposeAsync()
    {
        foreach (var tentacle in _tentacles.Values)
        {
            await tentacle.DisposeAsync();
        }

        _tentacles.Clear();
        Client?.Dispose();
        if (Brain is not null)
        {
            await Brain.StopAsync();
            await Brain.DisposeAsync();
        }

        _root.Dispose();
    }

    private async Task StartBrainAsync()
    {
        var options = new BrainOptions
        {
            Name = "test-brain",
            DataDirectory = Path.Combine(_root.Path, "brain"),
            Listen = $"https://127.0.0.1:{_port}",
        };
        _configureBrain?.Invoke(options);
        Brain = BrainApplication.Create(options, logging =>
        {
            if (_brainLogs is null)
            {
                logging.SetMinimumLevel(LogLevel.Warning);
                return;
            }

            logging.ClearProviders();
            logging.AddProvider(_brainLogs);
            logging.SetMinimumLevel(LogLevel.Trace);
            // Later rules of the same category win over the Brain's own quieter ones.
            foreach (var category in new[] { "Microsoft", "Microsoft.Hosting.Lifetime", "Microsoft.AspNetCore.DataProtection", "Octopoda", "Octopoda.Brain.Security.BearerTokenHandler" })
            {
                logging.AddFilter(category, LogLevel.Trace);
            }
        });
        await Brain.StartAsync();
        _port = Brain.Address.Port;
        Client = new OctopodaClient(new OctopodaClientOptions
        {
            BaseAddress = Brain.Address,
            Token = Brain.ReadAdminToken(),
            CaCertificateFile = Brain.CaCertificateFile,
        });
    }
}
