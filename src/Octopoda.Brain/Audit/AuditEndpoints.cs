using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Audit;

/// <summary><c>GET /api/v1/audit</c>: the log of the caller's account and the accounts under it.</summary>
internal static class AuditEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    public static void Map(RouteGroupBuilder api) => api.MapGet("/audit", ListAsync);

    private static async Task<IResult> ListAsync(
        DateTimeOffset? since,
        string? user,
        int? limit,
        CallerScope scope,
        IDbContextFactory<BrainDbContext> dbFactory,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be between 1 and {MaxLimit}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Audit.AsNoTracking();
        if (!scope.IsAdmin)
        {
            var account = scope.Account.Value;
            var below = account + "/";
            query = query.Where(a => a.Actor == account || a.Actor.StartsWith(below));
        }

        if (!string.IsNullOrEmpty(user))
        {
            var actor = scope.ResolvePath(user).Value;
            query = query.Where(a => a.Actor == actor);
        }

        if (since is { } from)
        {
            query = query.Where(a => a.At >= from);
        }

        var take = limit ?? DefaultLimit;
        var newest = await query.OrderByDescending(a => a.Sequence).Take(take + 1).ToListAsync(cancellationToken);
        var entries = newest.Take(take).Reverse().Select(a => new AuditEntryView
        {
            Sequence = a.Sequence,
            At = a.At,
            Actor = a.Actor,
            Action = a.Action,
            Subject = a.Subject,
            Targets = a.Targets,
            Status = a.Status,
            Outcome = a.Outcome,
            BatchId = a.BatchId,
        }).ToList();
        return TypedResults.Json(new AuditListResponse { Entries = entries, Truncated = newest.Count > take }, ProtocolJsonContext.Default.AuditListResponse);
    }
}
