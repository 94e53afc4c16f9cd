namespace Octopoda.Protocol.Api;

/// <summary>One row of <c>octl node get</c>.</summary>
public sealed record NodeView
{
    /// <summary>The node's name.</summary>
    public required string Name { get; init; }

    /// <summary>Online, unstable or offline.</summary>
    public required NodeState State { get; init; }

    /// <summary>The address the Brain sees the node's connection come from.</summary>
    public string? Address { get; init; }

    /// <summary>The Tentacle's build version.</summary>
    public string? Version { get; init; }

    /// <summary>Operating system and architecture.</summary>
    public string? Platform { get; init; }

    /// <summary>One-way link delay (half the round trip), in ms; only while connected.</summary>
    public double? DelayMs { get; init; }

    /// <summary>Brain clock minus node clock, in ms; only while connected.</summary>
    public double? ClockOffsetMs { get; init; }

    /// <summary>When the current connection was made; null while disconnected.</summary>
    public DateTimeOffset? OnlineSince { get; init; }

    /// <summary>When the node was last heard from.</summary>
    public DateTimeOffset? LastSeen { get; init; }
}
