using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Schedules;

/// <summary><c>GET /api/v1/schedules</c> and <c>DELETE /api/v1/schedules/{id}</c>.</summary>
internal static class ScheduleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/schedules", ListAsync);
        api.MapDelete("/schedules/{id}", StopAsync).WithName("schedule.stop");
    }

    private static async Task<IResult> ListAsync(CallerScope scope, IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Schedules.AsNoTracking();
        if (!scope.IsAdmin)
        {
            var account = scope.Account.Value;
            var below = account + "/";
            query = query.Where(s => s.Account == account || s.Account.StartsWith(below));
        }

        var schedules = await query.ToListAsync(cancellationToken);
        IReadOnlyList<ScheduleView> views = [.. schedules.OrderBy(s => s.Ended).ThenByDescending(s => s.CreatedAt).Select(ToView)];
        return TypedResults.Json(views, ProtocolJsonContext.Default.IReadOnlyListScheduleView);
    }

    private static async Task<IResult> StopAsync(string id, CallerScope scope, ScheduleRunner runner, HttpContext context, CancellationToken cancellationToken)
    {
        context.Audit().Subject = $"schedule {Tasks.TaskEndpoints.Bound(id)}";
        var schedule = await runner.StopAsync(id, scope, cancellationToken);
        return schedule is null
            ? Problems.NotFound($"No schedule has the id '{(id.Length > 64 ? id[..64] + "…" : id)}'; 'octl schedule list' shows them.")
            : TypedResults.Json(ToView(schedule), ProtocolJsonContext.Default.ScheduleView);
    }

    private static ScheduleView ToView(ScheduleRecord s) => new()
    {
        Id = s.Id,
        Description = s.Description,
        Targets = JsonSerializer.Deserialize(s.TargetsJson, ProtocolJsonContext.Default.IReadOnlyListString) ?? [],
        EverySeconds = s.EverySeconds,
        CreatedAt = s.CreatedAt,
        Until = s.Until,
        NextRunAt = s.NextRunAt,
        Runs = s.Runs,
        LastBatchId = s.LastBatchId,
        CreatedBy = s.CreatedBy,
        Ended = s.Ended,
    };
}
