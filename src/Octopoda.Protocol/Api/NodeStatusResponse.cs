namespace Octopoda.Protocol.Api;

/// <summary>The answer to <c>GET /api/v1/nodes/status</c>: per-node samples plus fleet averages.</summary>
public sealed record NodeStatusResponse
{
    /// <summary>One entry per requested node, sorted by name.</summary>
    public required IReadOnlyList<NodeStatusEntry> Nodes { get; init; }

    /// <summary>Mean of the answering nodes' long CPU load, percent.</summary>
    public double AverageCpuLoad { get; init; }

    /// <summary>Total memory used over total memory of the answering nodes, percent.</summary>
    public double AverageMemoryUsage { get; init; }

    /// <summary>Total root-disk used over total root-disk size of the answering nodes, percent.</summary>
    public double AverageDiskUsage { get; init; }
}
