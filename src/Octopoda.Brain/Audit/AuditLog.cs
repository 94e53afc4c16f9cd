using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;

namespace Octopoda.Brain.Audit;

/// <summary>Appends to the audit log. A failure to write is logged and does not undo or fail the request it records.</summary>
internal sealed class AuditLog(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <summary>Records the answer <paramref name="status"/>/<paramref name="outcome"/> to the request in <paramref name="context"/>.</summary>
    public async Task RecordAsync(HttpContext context, int status, string outcome)
    {
        var record = Describe(context, status, outcome);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.Audit.Add(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Could not append to the audit log: {Action} by {Actor} answered {Status}", record.Action, record.Actor, status);
        }
    }

    /// <summary>
    /// Adds the request's audit line to <paramref name="db"/>, to commit with the work it records (a run's line and
    /// its tasks are stored together or not at all); <see cref="AuditFilter"/> then writes no second line.
    /// </summary>
    public void AddTo(BrainDbContext db, HttpContext context, int status, string batchId)
    {
        context.Audit().BatchId = batchId;
        db.Audit.Add(Describe(context, status, "ok"));
        context.Audit().Recorded = true;
    }

    private AuditRecord Describe(HttpContext context, int status, string outcome)
    {
        var note = context.Features.Get<AuditNote>();
        var scope = context.Features.Get<CallerScope>();
        return new AuditRecord
        {
            At = time.GetUtcNow(),
            Actor = AuditText.Bound(note?.Actor ?? scope?.Actor ?? context.User.FindFirst(BearerTokenHandler.AccountClaim)?.Value ?? "(anonymous)", 1040)!,
            TokenId = scope?.TokenId ?? context.User.FindFirst(BearerTokenHandler.TokenIdClaim)?.Value,
            Source = context.Connection.RemoteIpAddress?.ToString(),
            Action = ActionOf(context),
            Subject = AuditText.Bound(note?.Subject, AuditText.MaxSubjectChars),
            Targets = AuditText.Targets(note?.Targets),
            Status = status,
            Outcome = AuditText.Bound(outcome, AuditText.MaxOutcomeChars)!,
            BatchId = note?.BatchId,
        };
    }

    /// <summary>Records a change refused before it reached its endpoint (reads are not recorded).</summary>
    public Task RecordRefusalAsync(HttpContext context, int status, string reason) =>
        IsChange(context.Request) ? RecordAsync(context, status, reason) : Task.CompletedTask;

    /// <summary>Reads are not audited; everything else is a change or a run.</summary>
    public static bool IsChange(HttpRequest request) => !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);

    /// <summary>The endpoint's name (<c>cmd.run</c>), or its method and route when it has none.</summary>
    private static string ActionOf(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name)
        {
            return name;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        return AuditText.Bound($"{context.Request.Method} {route}", 64)!;
    }
}
