namespace Octopoda.Brain.Store;

/// <summary>
/// A node certificate the Brain refuses from now on (<c>octl node revoke</c>). Kept by thumbprint, so it outlives
/// the node's re-enrolment (which issues a new certificate) and a prune.
/// </summary>
internal sealed class RevokedCertificateRecord
{
    /// <summary>SHA-256 of the revoked certificate, lower-case hex.</summary>
    public required string Thumbprint { get; set; }

    public required string NodeName { get; set; }

    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>Who revoked it (the API token's name).</summary>
    public string? RevokedBy { get; set; }

    public string? Reason { get; set; }
}
