namespace Octopoda.Protocol.Api;

/// <summary>A bearer token as listed (never its value).</summary>
public sealed record TokenView
{
    /// <summary>The token's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its label.</summary>
    public required string Name { get; init; }

    /// <summary>The account (workgroup path) it acts as.</summary>
    public required string Account { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working; null for the bootstrap admin token, which lasts until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>True for the token this request was made with.</summary>
    public bool Current { get; init; }
}
