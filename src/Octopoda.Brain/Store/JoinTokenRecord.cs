namespace Octopoda.Brain.Store;

/// <summary>A join token, stored by the hash of its secret only.</summary>
internal sealed class JoinTokenRecord
{
    public required string Id { get; set; }

    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Enrolments this token still allows.</summary>
    public int UsesLeft { get; set; }

    public string? Description { get; set; }
}
