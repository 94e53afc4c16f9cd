namespace Octopoda.Protocol.Api;

/// <summary>Who the Brain is.</summary>
public sealed record BrainInfo
{
    /// <summary>The Brain's configured name.</summary>
    public required string Name { get; init; }

    /// <summary>The Brain's build version.</summary>
    public required string Version { get; init; }

    /// <summary>The address(es) the Brain listens on.</summary>
    public required string Address { get; init; }

    /// <summary>When this Brain process started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The agent-link protocol version.</summary>
    public required int ProtocolVersion { get; init; }
}
