using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Security;

/// <summary>
/// Issues, checks, lists and revokes API bearer tokens. A token acts as one account (a workgroup path; <c>/</c> is the
/// administrator) and is stored by the SHA-256 of its value only. At first start the Brain creates the
/// administrator's bootstrap token and writes it to <c>&lt;dataDir&gt;/admin.token</c> (mode 0600); every other
/// token comes from <c>octl login</c> and expires.
/// </summary>
internal sealed class ApiTokenService(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
    public const int MaxNameChars = 64;

    // Checked tokens, by hash, so a request does not cost a store round trip. A revoke on this Brain drops the entry
    // at once; entries live 30 s, which bounds how long a token revoked through another Brain keeps working here.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiTokenRecord Token, DateTimeOffset CheckedAt)> _cache = new();

    /// <summary>Creates the administrator's token on first start and returns its value, or null when one exists.</summary>
    public async Task<string?> EnsureAdminTokenAsync(string tokenFile, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.Account == "/" && t.ExpiresAt == null && t.RevokedAt == null, cancellationToken) && File.Exists(tokenFile))
        {
            return null;
        }

        var (value, _) = await IssueAsync(WorkgroupPath.Root, "admin (bootstrap)", lifetime: null, cancellationToken);
        PrivateFile.Write(tokenFile, value + "\n");
        return value;
    }

    /// <summary>Issues a token for <paramref name="account"/>; returns its value (shown once) and its record.</summary>
    public async Task<(string Value, ApiTokenRecord Record)> IssueAsync(WorkgroupPath account, string name, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        var value = "octa_" + Secrets.NewSecret();
        var now = time.GetUtcNow();
        var record = new ApiTokenRecord
        {
            Id = Secrets.NewId(),
            TokenHash = Secrets.Hash(value),
            Name = name,
            Account = account.Value,
            CreatedAt = now,
            ExpiresAt = lifetime is { } life ? now + life : null,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (value, record);
    }

    /// <summary>The token's record when <paramref name="value"/> is usable, else null and why not (never echoing the value).</summary>
    public async Task<(ApiTokenRecord? Token, string? Refusal)> ValidateAsync(string value, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(value);
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var cached) || now - cached.CheckedAt >= CacheLifetime)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
            if (token is null)
            {
                return (null, "The token is not known to this Brain; log in again with 'octl login <account>'.");
            }

            cached = (token, now);
            _cache[hash] = cached;
        }

        return cached.Token switch
        {
            { RevokedAt: not null } => (null, "The token was revoked; log in again with 'octl login <account>'."),
            { ExpiresAt: { } expires } when expires <= now => (null, $"The token expired at {expires:u}; log in again with 'octl login <account>'."),
            var usable => (usable, null),
        };
    }

    /// <summary>The tokens of <paramref name="account"/> and of every account under it, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(WorkgroupPath account, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ApiTokens.AsNoTracking();
        if (!account.IsRoot)
        {
            var below = account.Value + "/";
            query = query.Where(t => t.Account == account.Value || t.Account.StartsWith(below));
        }

        var tokens = await query.ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes a token of <paramref name="account"/> or of an account under it; 403 for another account's, 404 for none.</summary>
    public async Task<ApiTokenRecord> RevokeAsync(WorkgroupPath account, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null)
        {
            throw RequestRefusedException.NotFound($"No token has the id {Bound(id)}; 'octl token list' shows yours.");
        }

        if (!WorkgroupPath.Parse(token.Account).IsAtOrUnder(account))
        {
            throw RequestRefusedException.Forbidden($"Token {token.Id} belongs to an account outside yours ({account}); nothing was revoked.");
        }

        token.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(token.TokenHash, out _);
        return token;
    }

    private static string Bound(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
