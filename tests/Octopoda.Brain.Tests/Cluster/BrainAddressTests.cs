using Octopoda.Protocol.Api;
using Octopoda.Tentacle;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Cluster;

public sealed class BrainAddressTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(0);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SeveralBrainAddresses_FirstUnreachable_ConnectsThroughTheNext()
    {
        var token = (await _cluster.Brain.CreateJoinTokenAsync(1, TimeSpan.FromHours(1))).ToString();
        await using var tentacle = TentacleApplication.Create(new TentacleOptions
        {
            Name = "multi",
            Brains = ["https://127.0.0.1:1", _cluster.BrainAddress.ToString()],
            JoinToken = token,
            DataDirectory = Path.Combine(_cluster.DataRoot, "multi"),
        });

        await tentacle.StartAsync();
        await tentacle.WaitConnectedAsync(TimeSpan.FromSeconds(30));

        await _cluster.WaitForStateAsync(NodeState.Online, TimeSpan.FromSeconds(5), "multi");
        Assert.Equal(_cluster.BrainAddress, tentacle.Link.ConnectedBrain);
    }
}
