using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Certificates;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Enrollment;

namespace Octopoda.Brain.Enrollment;

/// <summary>Creates join tokens and spends them on enrolments.</summary>
internal sealed class JoinTokenService(IDbContextFactory<BrainDbContext> dbFactory, CertificateAuthority ca, TimeProvider time)
{
    /// <summary>Creates a token allowing <paramref name="uses"/> enrolments within <paramref name="lifetime"/>.</summary>
    public async Task<JoinToken> CreateAsync(int uses, TimeSpan lifetime, string? description, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var secret = Secrets.NewSecret();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.JoinTokens.Add(new JoinTokenRecord
        {
            Id = Secrets.NewId(),
            SecretHash = Secrets.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            UsesLeft = uses,
            Description = description,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new JoinToken(secret, ca.Fingerprint);
    }

    /// <summary>Spends one use of the token; returns why not when it cannot.</summary>
    public async Task<string?> TrySpendAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.JoinTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        if (token is null)
        {
            return "the join token is not known to this Brain; create one with 'brain token create'";
        }

        if (token.ExpiresAt <= time.GetUtcNow())
        {
            return "the join token has expired; create a new one with 'brain token create'";
        }

        // Spend with a conditional update so two enrolments racing on the last use cannot both succeed.
        var spent = await db.JoinTokens
            .Where(t => t.Id == token.Id && t.UsesLeft > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsesLeft, t => t.UsesLeft - 1), cancellationToken);
        return spent == 1 ? null : "the join token is used up; create a new one with 'brain token create'";
    }
}
