namespace Octopoda.Brain.Store;

/// <summary>A node the Brain knows, as stored. Live state (connection, heartbeats) is kept in memory, not here.</summary>
internal sealed class NodeRecord
{
    public required string Name { get; set; }

    /// <summary>SHA-256 thumbprint of the node's current certificate; a connection with another certificate is refused.</summary>
    public required string CertificateThumbprint { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    public string? Address { get; set; }

    public string? Version { get; set; }

    public string? Platform { get; set; }

    public DateTimeOffset? LastConnectedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }
}
