namespace Octopoda.Brain.Store;

/// <summary>A bearer token for the API, stored by the hash of its value only.</summary>
internal sealed class ApiTokenRecord
{
    public required string Id { get; set; }

    public required string TokenHash { get; set; }

    public required string Name { get; set; }

    /// <summary>The account the token acts as: a workgroup path with a password; <c>/</c> is the administrator.</summary>
    public required string Account { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
