namespace Octopoda.Protocol.Api;

/// <summary>A new bearer token. Its value is shown this once; the Brain keeps only its hash.</summary>
public sealed record LoginResponse
{
    /// <summary>The token to send as <c>Authorization: Bearer</c>.</summary>
    public required string Token { get; init; }

    /// <summary>The token's id, for <c>token revoke</c> (and <c>logout</c>).</summary>
    public required string TokenId { get; init; }

    /// <summary>The account (workgroup path) the token acts as.</summary>
    public required string Account { get; init; }

    /// <summary>When the token stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
