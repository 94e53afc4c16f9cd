using System.Globalization;

namespace Octopoda.Cli.Configuration;

/// <summary>
/// The keys of <c>octl.session.yaml</c>, what <c>octl login</c> and <c>octl wg cd</c> leave for the next commands: the
/// login's token and the current workgroup path. The file holds a bearer token, so it is written with mode 0600.
/// </summary>
internal sealed class OctlSessionFile
{
    /// <summary><c>token: …</c>, the bearer token <c>octl login</c> received.</summary>
    public string? Token { get; set; }

    /// <summary><c>tokenId: …</c>, its id, for <c>octl logout</c>.</summary>
    public string? TokenId { get; set; }

    /// <summary><c>account: /room1</c>, the account the token acts as.</summary>
    public string? Account { get; set; }

    /// <summary><c>path: /room1/g1</c>, the current workgroup path (<c>octl wg cd</c>).</summary>
    public string? Path { get; set; }

    /// <summary><c>expiresAt: 2025-11-21T12:00:00Z</c>, when the token stops working (ISO 8601).</summary>
    public string? ExpiresAt { get; set; }

    /// <summary><see cref="ExpiresAt"/> as a time; null when absent or unreadable.</summary>
    public DateTimeOffset? Expiry() =>
        DateTimeOffset.TryParse(ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>True when the file holds a token that has expired by <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => !string.IsNullOrEmpty(Token) && Expiry() is { } end && end <= now;

    /// <summary>Sets <see cref="ExpiresAt"/> in the form this file uses.</summary>
    public void SetExpiry(DateTimeOffset at) =>
        ExpiresAt = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Forgets the token and what describes it; the current path stays.</summary>
    public void ClearToken()
    {
        Token = null;
        TokenId = null;
        Account = null;
        ExpiresAt = null;
    }
}
