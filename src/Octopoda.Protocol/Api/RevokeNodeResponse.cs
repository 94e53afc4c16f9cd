namespace Octopoda.Protocol.Api;

/// <summary>What a revocation did.</summary>
public sealed record RevokeNodeResponse
{
    /// <summary>The node.</summary>
    public required string Node { get; init; }

    /// <summary>SHA-256 of the revoked certificate, lower-case hex.</summary>
    public required string Thumbprint { get; init; }

    /// <summary>When the certificate was revoked (earlier than now when it already was).</summary>
    public required DateTimeOffset RevokedAt { get; init; }

    /// <summary>True when the certificate had been revoked before this request (nothing changed).</summary>
    public bool AlreadyRevoked { get; init; }

    /// <summary>True when the node was connected and its connection was closed.</summary>
    public bool Disconnected { get; init; }
}
