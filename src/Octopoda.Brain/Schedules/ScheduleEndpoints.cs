using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
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
        api.MapDelete("/schedules/{id}", StopAsync);
    }

    private static async Task<IResult> ListAsync(IDbContextFactory<BrainDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().ToListAsync(cancellationToken);
        IReadOnlyList<ScheduleView> views = [.. schedules.OrderBy(s => s.Ended).ThenByDescending(s => s.CreatedAt).Select(ToView)];
        return TypedResults.Json(views, ProtocolJsonContext.Default.IReadOnlyListScheduleView);
    }

    private static async Task<IResult> StopAsync(string id, ScheduleRunner runner, CancellationToken cancellationToken)
    {
        var schedule = await runner.StopAsync(id, cancellationToken);
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
