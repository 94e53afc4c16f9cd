namespace Octopoda.Protocol.Agent;

/// <summary>The first frame a Tentacle sends. Its node name must match its certificate.</summary>
public sealed record Hello
{
    /// <summary>The agent-link protocol version the Tentacle speaks.</summary>
    public required int ProtocolVersion { get; init; }

    /// <summary>The node's name (also the certificate's common name).</summary>
    public required string NodeName { get; init; }

    /// <summary>The Tentacle's build version.</summary>
    public required string AgentVersion { get; init; }

    /// <summary>Operating system and architecture, e.g. <c>linux-x64</c>.</summary>
    public required string Platform { get; init; }

    /// <summary>The address the Tentacle sees for itself on this connection (private behind NAT).</summary>
    public string? LocalAddress { get; init; }

    /// <summary>When this Tentacle process started (Unix ms, its own clock).</summary>
    public long StartedAtUnixMs { get; init; }

    /// <summary>
    /// Null when the Tentacle's task journal is intact: it reports the fate of every task it accepted itself. Set
    /// when the journal was lost (corrupt and moved aside, or deleted): the text says why, and the Brain ends the
    /// node's accepted and running tasks <c>lost</c> with it, since nobody else can account for them.
    /// </summary>
    public string? JournalLoss { get; init; }
}
