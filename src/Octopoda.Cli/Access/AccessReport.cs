namespace Octopoda.Cli.Access;

/// <summary>
/// What <c>-o json</c> prints for an access change the Brain answers without a document of its own (login, logout,
/// grant, token revoke). The token itself is never part of it.
/// </summary>
internal sealed record AccessReport
{
    /// <summary>What was done: <c>login</c>, <c>logout</c>, <c>grant</c> or <c>revoke</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The account concerned.</summary>
    public string? Account { get; init; }

    /// <summary>The workgroup concerned, or the current path after a login.</summary>
    public string? Path { get; init; }

    /// <summary>The token concerned.</summary>
    public string? TokenId { get; init; }

    /// <summary>When the token stops working.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>True when the Brain revoked the token (logout, token revoke).</summary>
    public bool? Revoked { get; init; }

    /// <summary>The session file written.</summary>
    public string? SessionFile { get; init; }
}
