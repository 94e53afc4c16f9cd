using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Certificates;
using Octopoda.Brain.Nodes;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle;
using Octopoda.Tentacle.Enrollment;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Certificates;

/// <summary><c>octl node revoke</c> against a real Brain and real Tentacles: disconnected, refused, back only by enrolling again.</summary>
public sealed class NodeRevocationTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // Offline 4 s after the connection drops instead of 10 s, so "stays offline" is reached quickly.
    private static readonly LivenessOptions FastLiveness = new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        UnstableAfter = TimeSpan.FromSeconds(2),
        OfflineAfter = TimeSpan.FromSeconds(4),
    };

    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(1, o => o.Liveness = FastLiveness);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RevokedNode_IsDisconnectedAndRefusedOnEveryRetry_StaysOffline()
    {
        await using var proxy = TcpProxy.Start(_cluster.BrainAddress);
        var edge = await _cluster.StartTentacleAsync("edge", proxy.AddressFor(_cluster.BrainAddress));
        using var identity = NodeIdentity.TryLoad(_cluster.TentacleDataDirectory("edge"))!;
        var registry = _cluster.Brain.Services.GetRequiredService<NodeRegistry>();

        var revoked = await _cluster.Client.RevokeNodeAsync("edge", "laptop stolen");

        Assert.True(revoked.Disconnected);
        Assert.False(revoked.AlreadyRevoked);
        Assert.Equal(CertificateAuthority.ComputeFingerprint(identity.Certificate), revoked.Thumbprint);
        await Eventually.TrueAsync(() => !registry.IsConnected("edge"), Wait, "the revoked node's connection to close");

        // The Tentacle keeps dialling (each attempt is a new connection through the proxy); the Brain refuses each.
        var attempts = proxy.ConnectionsAccepted;
        await Eventually.TrueAsync(() => proxy.ConnectionsAccepted >= attempts + 3, TimeSpan.FromSeconds(90), "the Tentacle to try three more times");
        Assert.False(registry.IsConnected("edge"));
        Assert.NotEqual(Octopoda.Tentacle.Link.LinkState.Connected, edge.Link.State);
        await _cluster.WaitForStateAsync(NodeState.Offline, Wait, "edge");
        await _cluster.WaitForStateAsync(NodeState.Online, Wait, "node1");

        var (status, detail) = await GatewayProbe.UpgradeAsync(_cluster.BrainAddress, identity.Certificate);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("revoked", detail, StringComparison.Ordinal);
        Assert.Contains("laptop stolen", detail, StringComparison.Ordinal);
        Assert.Contains("new join token", detail, StringComparison.Ordinal);

        var run = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["edge"] });
        var task = await _cluster.Client.WaitTaskAsync(run.Tasks[0].Id, Wait);
        Assert.Equal(TaskState.Expired, task.State);
    }

    [Fact]
    public async Task RevokedNode_EnrollingAgainWithANewJoinToken_ComesBack_OldCertificateStaysRefused()
    {
        var dataDirectory = _cluster.TentacleDataDirectory("node1");
        using var old = NodeIdentity.TryLoad(dataDirectory)!;
        await _cluster.Client.RevokeNodeAsync("node1");
        await _cluster.StopTentacleAsync("node1");
        Directory.Delete(NodeIdentity.DirectoryOf(dataDirectory), recursive: true);

        var token = await _cluster.Brain.CreateJoinTokenAsync(1, TimeSpan.FromHours(1));
        await using var tentacle = TentacleApplication.Create(new TentacleOptions
        {
            Name = "node1",
            Brains = [_cluster.BrainAddress.ToString()],
            JoinToken = token.ToString(),
            DataDirectory = dataDirectory,
        });
        await tentacle.StartAsync();
        await tentacle.WaitConnectedAsync(Wait);

        var run = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo back", Targets = ["node1"] });
        var task = await _cluster.Client.WaitTaskAsync(run.Tasks[0].Id, Wait);
        Assert.Equal(TaskState.Succeeded, task.State);
        Assert.Equal("back\n", task.Stdout);

        using var renewed = NodeIdentity.TryLoad(dataDirectory)!;
        Assert.NotEqual(old.Certificate.Thumbprint, renewed.Certificate.Thumbprint);
        var (status, detail) = await GatewayProbe.UpgradeAsync(_cluster.BrainAddress, old.Certificate);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("revoked", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_Twice_SecondSaysAlreadyRevoked()
    {
        var first = await _cluster.Client.RevokeNodeAsync("node1", "first");
        var second = await _cluster.Client.RevokeNodeAsync("node1", "second");

        Assert.True(second.AlreadyRevoked);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.Equal(first.RevokedAt, second.RevokedAt);
    }

    [Fact]
    public async Task Revoke_UnknownNode_Is404NamingIt()
    {
        var error = await Assert.ThrowsAsync<OctopodaApiException>(() => _cluster.Client.RevokeNodeAsync("ghost"));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("ghost", error.Problem?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_WithoutToken_Is401()
    {
        using var anonymous = new OctopodaClient(new OctopodaClientOptions { BaseAddress = _cluster.BrainAddress, CaCertificateFile = _cluster.CaCertificateFile });

        var error = await Assert.ThrowsAsync<OctopodaApiException>(() => anonymous.RevokeNodeAsync("node1"));

        Assert.Equal(401, error.StatusCode);
        await _cluster.WaitForStateAsync(NodeState.Online, Wait, "node1");
    }
}
