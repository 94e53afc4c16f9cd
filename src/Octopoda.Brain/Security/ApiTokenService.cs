using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;

namespace Octopoda.Brain.Security;

/// <summary>
/// Issues and checks API bearer tokens. Until the user model arrives, the Brain creates one admin token at first
/// start and writes it to <c>&lt;dataDir&gt;/admin.token</c> (mode 0600) for the operator and the quickstart.
/// </summary>
internal sealed class ApiTokenService(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time)
{
    public const string AdminRole = "admin";

    // Checked tokens, by hash, so a request does not cost a store round trip. Entries live 30 s, which bounds how
    // long a revoked token keeps working on this Brain.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiTokenRecord Token, DateTimeOffset CheckedAt)> _cache = new();

    /// <summary>Creates the admin token on first start and returns its value, or null when one exists.</summary>
    public async Task<string?> EnsureAdminTokenAsync(string tokenFile, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.Role == AdminRole && t.RevokedAt == null, cancellationToken) && File.Exists(tokenFile))
        {
            return null;
        }

        var value = "octa_" + Secrets.NewSecret();
        db.ApiTokens.Add(new ApiTokenRecord
        {
            Id = Secrets.NewId(),
            TokenHash = Secrets.Hash(value),
            Name = "admin (bootstrap)",
            Role = AdminRole,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        PrivateFile.Write(tokenFile, value + "\n");
        return value;
    }

    /// <summary>The token's record when <paramref name="value"/> is a valid, unexpired, unrevoked token.</summary>
    public async Task<ApiTokenRecord?> ValidateAsync(string value, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(value);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && now - cached.CheckedAt < CacheLifetime)
        {
            return IsUsable(cached.Token, now) ? cached.Token : null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return null;
        }

        _cache[hash] = (token, now);
        return IsUsable(token, now) ? token : null;
    }

    private static bool IsUsable(ApiTokenRecord token, DateTimeOffset now) =>
        token.RevokedAt is null && (token.ExpiresAt is null || token.ExpiresAt > now);
}
