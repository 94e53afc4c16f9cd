namespace Octopoda.Protocol.Agent;

/// <summary>The Brain's answer to <see cref="Hello"/>: the connection is registered.</summary>
public sealed record Welcome
{
    /// <summary>The protocol version both sides will use.</summary>
    public required int ProtocolVersion { get; init; }

    /// <summary>The Brain's name.</summary>
    public required string BrainName { get; init; }

    /// <summary>The Brain's build version.</summary>
    public required string BrainVersion { get; init; }

    /// <summary>The Brain's clock when it sent this (Unix ms).</summary>
    public required long BrainTimeUnixMs { get; init; }

    /// <summary>How often the Tentacle should heartbeat, in milliseconds.</summary>
    public required int HeartbeatIntervalMs { get; init; }
}
