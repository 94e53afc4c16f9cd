using Octopoda.Protocol.Api;

namespace Octopoda.Protocol.Agent;

/// <summary>A Tentacle's resource sample.</summary>
public sealed record StatusReport
{
    /// <summary>The sample.</summary>
    public required NodeStatus Status { get; init; }
}
