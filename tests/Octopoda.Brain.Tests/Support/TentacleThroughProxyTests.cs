using Microsoft.Extensions.Logging;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Support;

/// <summary>A real Tentacle that knows the Brain only by the proxy's port: TLS passes through as bytes.</summary>
public sealed class TentacleThroughProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestCluster _cluster = null!;
    private TcpProxy _proxy = null!;
    private TentacleApplication? _tentacle;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(0);
        _proxy = TcpProxy.Start(_cluster.BrainAddress);
    }

    public async Task DisposeAsync()
    {
        if (_tentacle is not null)
        {
            await _tentacle.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Tentacle_ThroughProxy_EnrolsConnectsAndRunsCommands()
    {
        await StartTentacleAsync("proxied");

        var result = await RunAsync("echo through the proxy");

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal("through the proxy\n", result.Stdout);
        Assert.True(_proxy.BytesToTarget > 0 && _proxy.BytesFromTarget > 0, "the proxy forwarded nothing");
        // Enrolment (CA discovery, then the CSR over a pinned connection) and the agent link: all through the proxy.
        Assert.True(_proxy.ConnectionsAccepted >= 2, $"expected enrolment and link connections, saw {_proxy.ConnectionsAccepted}");
    }

    [Fact]
    public async Task Tentacle_ProxyCutThenRestored_ReconnectsAndRunsCommands()
    {
        await StartTentacleAsync("proxied");
        var acceptedBefore = _proxy.ConnectionsAccepted;

        _proxy.Cut();
        // The Tentacle saw its link reset and dialled again into the cut: it is trying, and being refused.
        await Eventually.TrueAsync(() => _proxy.ConnectionsRefused >= 1, Wait, "the Tentacle to redial into the cut proxy");
        _proxy.Restore();

        await _cluster.WaitForStateAsync(NodeState.Online, Wait, "proxied");
        await Eventually.TrueAsync(() => _proxy.ConnectionsAccepted > acceptedBefore, Wait, "a new link through the restored proxy");
        var result = await RunAsync("echo back again");
        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal("back again\n", result.Stdout);
    }

    private async Task StartTentacleAsync(string name)
    {
        var token = await _cluster.Brain.CreateJoinTokenAsync(1, TimeSpan.FromHours(1));
        _tentacle = TentacleApplication.Create(new TentacleOptions
        {
            Name = name,
            Brains = [_proxy.AddressFor(_cluster.BrainAddress).ToString()],
            JoinToken = token.ToString(),
            DataDirectory = Path.Combine(_cluster.DataRoot, "tentacles", name),
        }, LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)));
        await _tentacle.StartAsync();
        await _tentacle.WaitConnectedAsync(Wait);
        await _cluster.WaitForStateAsync(NodeState.Online, Wait, name);
    }

    private async Task<TaskView> RunAsync(string command)
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = command, Targets = ["proxied"] });
        using var timeout = new CancellationTokenSource(Wait);
        var results = new List<TaskView>();
        await foreach (var task in _cluster.Client.WaitBatchAsync(submission.BatchId, Wait, timeout.Token))
        {
            results.Add(task);
        }

        return Assert.Single(results);
    }
}
