using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Nodes;

/// <summary>
/// Revoking a node: its current certificate's thumbprint is recorded as revoked, its live connection is closed with
/// the reason, and the gateway refuses that certificate from then on. Enrolling again with a new join token issues a
/// new certificate, which is not revoked; the old one stays refused.
/// </summary>
internal static partial class NodeRevocation
{
    public const int MaxReasonLength = 256;

    /// <summary>What the gateway answers a revoked certificate with (and the Tentacle logs).</summary>
    public static string RefusalReason(RevokedCertificateRecord revoked) =>
        $"the certificate of node {revoked.NodeName} was revoked at {revoked.RevokedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}"
        + (string.IsNullOrEmpty(revoked.Reason) ? "" : $" ({revoked.Reason})")
        + "; the node must enrol again with a new join token";

    /// <summary>Revokes <paramref name="nodeName"/>'s current certificate; null when the node is not known.</summary>
    public static async Task<RevokeNodeResponse?> RevokeAsync(
        string nodeName,
        string? reason,
        string? revokedBy,
        IDbContextFactory<BrainDbContext> dbFactory,
        NodeRegistry nodes,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var node = await db.Nodes.AsNoTracking().FirstOrDefaultAsync(n => n.Name == nodeName, cancellationToken);
        if (node is null)
        {
            return null;
        }

        var thumbprint = node.CertificateThumbprint;
        var existing = await db.RevokedCertificates.AsNoTracking().FirstOrDefaultAsync(r => r.Thumbprint == thumbprint, cancellationToken);
        // Whole milliseconds: what SQLite keeps, so the answer equals what a later read of the record gives.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var revoked = existing ?? new RevokedCertificateRecord
        {
            Thumbprint = thumbprint,
            NodeName = nodeName,
            RevokedAt = now,
            RevokedBy = revokedBy,
            Reason = reason,
        };
        if (existing is null)
        {
            db.RevokedCertificates.Add(revoked);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent revocation of the same certificate may have won; the outcome is then the same.
                await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (!await check.RevokedCertificates.AnyAsync(r => r.Thumbprint == thumbprint, cancellationToken))
                {
                    throw;
                }
            }
        }

        // Recorded first, then disconnected: the Tentacle's reconnect meets the gateway's refusal.
        var session = nodes.Find(nodeName)?.Session;
        session?.Close(RefusalReason(revoked));
        LogRevoked(logger, nodeName, thumbprint, revokedBy ?? "unknown", session is not null);
        return new RevokeNodeResponse
        {
            Node = nodeName,
            Thumbprint = thumbprint,
            RevokedAt = revoked.RevokedAt,
            AlreadyRevoked = existing is not null,
            Disconnected = session is not null,
        };
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Revoked the certificate {Thumbprint} of node {NodeName} (by {RevokedBy}; was connected: {WasConnected})")]
    private static partial void LogRevoked(ILogger logger, string nodeName, string thumbprint, string revokedBy, bool wasConnected);
}
