namespace Octopoda.Protocol.Api;

/// <summary>Who the Brain takes the caller to be (<c>GET /api/v1/whoami</c>).</summary>
public sealed record CallerView
{
    /// <summary>The account (workgroup path) of the token.</summary>
    public required string Account { get; init; }

    /// <summary>The current path the request was made from (the <c>X-Octopoda-Path</c> header, or the account).</summary>
    public required string Path { get; init; }

    /// <summary>The token's id.</summary>
    public required string TokenId { get; init; }

    /// <summary>The token's label.</summary>
    public required string TokenName { get; init; }

    /// <summary>The nodes of the current path.</summary>
    public required IReadOnlyList<string> Nodes { get; init; }
}
