namespace Octopoda.Protocol.Api;

/// <summary>The answer to <c>GET /api/v1/nodes</c>.</summary>
public sealed record NodeListResponse
{
    /// <summary>The Brain answering.</summary>
    public required BrainInfo Brain { get; init; }

    /// <summary>The nodes, sorted by name.</summary>
    public required IReadOnlyList<NodeView> Nodes { get; init; }

    /// <summary>Nodes listed.</summary>
    public int Total { get; init; }

    /// <summary>Of which online.</summary>
    public int Online { get; init; }

    /// <summary>Of which unstable.</summary>
    public int Unstable { get; init; }

    /// <summary>Of which offline.</summary>
    public int Offline { get; init; }
}
