namespace Octopoda.Protocol.Api;

/// <summary>One node's status, or why it could not be had.</summary>
public sealed record NodeStatusEntry
{
    /// <summary>The node's name.</summary>
    public required string Name { get; init; }

    /// <summary>The sample, when the node answered.</summary>
    public NodeStatus? Status { get; init; }

    /// <summary>Why there is no sample (offline, timed out).</summary>
    public string? Error { get; init; }
}
