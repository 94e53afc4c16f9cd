namespace Octopoda.EndToEnd.Tests;

/// <summary>
/// One Brain and ten Tentacles shared by <see cref="DeliveryTests"/>: starting ten processes costs more than the
/// tests themselves. The tests run one after another (one class), each on its own nodes, and each first brings back
/// whatever a failed predecessor left stopped (<see cref="ProcessFleet.EnsureRunningAsync"/>).
/// </summary>
public sealed class DeliveryFleetFixture : IAsyncLifetime
{
    public static readonly string[] Nodes = [.. Enumerable.Range(1, 10).Select(i => $"node{i:00}")];

    internal ProcessFleet Fleet { get; private set; } = null!;

    public async Task InitializeAsync() => Fleet = await ProcessFleet.StartAsync(Nodes);

    public async Task DisposeAsync() => await Fleet.DisposeAsync();
}
