namespace Octopoda.Protocol.Api;

/// <summary>Exchange an account's path and password for a bearer token (<c>POST /api/v1/login</c>, no token needed).</summary>
public sealed record LoginRequest
{
    /// <summary>The account: a workgroup path that has a password (<c>/</c> is the administrator).</summary>
    public required string Path { get; init; }

    /// <summary>The account's password. Never logged, never stored.</summary>
    public required string Password { get; init; }

    /// <summary>How long the token lives, in seconds (default 12 hours, at most 30 days).</summary>
    public int? LifetimeSeconds { get; init; }

    /// <summary>A label for <c>token list</c>, e.g. the host octl runs on (at most 64 characters).</summary>
    public string? Name { get; init; }
}
