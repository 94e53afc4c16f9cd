namespace Octopoda.Protocol.Api;

/// <summary>The tokens of the caller's account and of the accounts under it, newest first.</summary>
public sealed record TokenListResponse
{
    /// <summary>The tokens.</summary>
    public required IReadOnlyList<TokenView> Tokens { get; init; }
}
