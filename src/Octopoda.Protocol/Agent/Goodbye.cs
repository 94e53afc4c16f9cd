namespace Octopoda.Protocol.Agent;

/// <summary>Sent before a deliberate close, so the other side can log why.</summary>
public sealed record Goodbye
{
    /// <summary>Why the connection closes.</summary>
    public required string Reason { get; init; }
}
