using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Enrollment;
using Octopoda.Protocol.Api;
using Octopoda.Tentacle;
using Octopoda.Tentacle.Link;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Enrollment;

/// <summary>A Tentacle with a wrong or used-up token is refused with a reason and keeps retrying without crashing.</summary>
public sealed class EnrollmentRefusalTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(0);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task UsedUpToken_SecondNodeIsRefusedAndKeepsRetrying()
    {
        var token = (await _cluster.Brain.CreateJoinTokenAsync(1, TimeSpan.FromHours(1))).ToString();
        await using var first = await StartAsync("first", token);
        await first.WaitConnectedAsync(TimeSpan.FromSeconds(20));

        await using var second = await StartAsync("second", token);
        // Counting attempts, not sampling the brief "enrolling" state: backoff grows towards 15 s between tries.
        await Eventually.TrueAsync(() => second.Link.Attempts >= 3 && second.Link.State == LinkState.Backoff, TimeSpan.FromSeconds(60), "the second Tentacle to be refused three times");
        Assert.Null(second.Link.ConnectedBrain);

        var nodes = await _cluster.Client.GetNodesAsync(null, null);
        Assert.Equal(["first"], nodes.Nodes.Select(n => n.Name));
        Assert.Equal(NodeState.Online, nodes.Nodes[0].State);
    }

    [Fact]
    public async Task TokenForAnotherBrain_IsRefusedBeforeTheSecretIsSent()
    {
        var real = await _cluster.Brain.CreateJoinTokenAsync(1, TimeSpan.FromHours(1));
        var forged = $"oct1.{real.Secret}.{new string('a', 64)}";
        await using var tentacle = await StartAsync("pinned", forged);

        await Eventually.TrueAsync(() => tentacle.Link.State == LinkState.Backoff, TimeSpan.FromSeconds(10), "the Tentacle to refuse the Brain's CA");

        var tokens = _cluster.Brain.Services.GetRequiredService<JoinTokenService>();
        Assert.Null(await tokens.TrySpendAsync(real.Secret, CancellationToken.None));
        Assert.Empty((await _cluster.Client.GetNodesAsync(null, null)).Nodes);
    }

    private async Task<TentacleApplication> StartAsync(string name, string token)
    {
        var tentacle = TentacleApplication.Create(new TentacleOptions
        {
            Name = name,
            Brains = [_cluster.BrainAddress.ToString()],
            JoinToken = token,
            DataDirectory = Path.Combine(_cluster.DataRoot, name),
        });
        await tentacle.StartAsync();
        return tentacle;
    }
}
