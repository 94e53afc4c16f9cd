using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Schedules;

/// <summary>
/// Runs schedules (<c>--every … --for …</c>): at each due time it resolves the targets again and submits an
/// ordinary batch tagged with the schedule's id, advancing the schedule in the same transaction. Schedules live
/// in the store, so they continue after a Brain restart; a run that fell due while the Brain was down starts once
/// when it is back (missed runs are not replayed one by one).
/// </summary>
internal sealed partial class ScheduleRunner(
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskSubmitter submitter,
    TargetResolver resolver,
    ScopeFactory scopes,
    TimeProvider time,
    ILogger<ScheduleRunner> logger) : BackgroundService
{
    // Longest sleep between looks at the store; a new schedule wakes the loop at once.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>
    /// Stores a schedule and submits its first run now to <paramref name="nodes"/> (what <paramref name="targets"/>
    /// resolved to in <paramref name="scope"/>). Later runs resolve the targets again in the creator's scope.
    /// </summary>
    public async Task<RunSubmission> CreateAsync(
        IReadOnlyList<string> targets,
        IReadOnlyList<string> nodes,
        CallerScope scope,
        TaskSpec spec,
        int everySeconds,
        int forSeconds,
        CancellationToken cancellationToken,
        Action<BrainDbContext, string>? alsoInTransaction = null)
    {
        var now = time.GetUtcNow();
        var schedule = new ScheduleRecord
        {
            Id = Secrets.NewId(),
            Kind = spec.Kind,
            Payload = spec.PayloadJson,
            Description = spec.Description,
            TargetsJson = JsonSerializer.Serialize(targets, ProtocolJsonContext.Default.IReadOnlyListString),
            EverySeconds = everySeconds,
            TtlSeconds = spec.TtlSeconds,
            Parallel = spec.Parallel,
            CreatedAt = now,
            Until = now.AddSeconds(forSeconds),
            CreatedBy = spec.SubmittedBy,
            Account = scope.Account.Value,
            Path = scope.Current.Value,
        };
        var submission = await submitter.SubmitAsync(nodes, spec with { ScheduleId = schedule.Id }, cancellationToken, (db, batchId) =>
        {
            Advance(schedule, batchId, now);
            db.Schedules.Add(schedule);
            alsoInTransaction?.Invoke(db, batchId);
        });
        Wake();
        return submission;
    }

    /// <summary>Ends a schedule of the caller's account or one under it; returns it, or null when there is no such schedule.</summary>
    public async Task<ScheduleRecord?> StopAsync(string id, CallerScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (schedule is null)
        {
            return null;
        }

        if (!WorkgroupPath.Parse(schedule.Account).IsAtOrUnder(scope.Account))
        {
            throw RequestRefusedException.Forbidden($"Schedule {id} belongs to {schedule.Account}, outside your account {scope.Account}.");
        }

        schedule.Ended = true;
        schedule.NextRunAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return schedule;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = MaxIdle;
            try
            {
                wait = await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogRunFailed(logger, ex);
            }

            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Submits every due run; returns how long to sleep until the next one.</summary>
    private async Task<TimeSpan> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<ScheduleRecord> due;
        DateTimeOffset? next;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var active = await db.Schedules.AsNoTracking().Where(s => !s.Ended).ToListAsync(cancellationToken);
            due = [.. active.Where(s => s.NextRunAt is { } at && at <= now)];
            next = active.Where(s => s.NextRunAt > now).Select(s => s.NextRunAt).Min();
        }

        foreach (var schedule in due)
        {
            var targets = JsonSerializer.Deserialize(schedule.TargetsJson, ProtocolJsonContext.Default.IReadOnlyListString) ?? [];
            IReadOnlyList<string> nodes;
            try
            {
                // Every run resolves in the creator's scope as it is now: nodes that left the account are not run on.
                var scope = await scopes.CreateAsync(WorkgroupPath.Parse(schedule.Account), schedule.Path, "schedule", schedule.Id, cancellationToken);
                nodes = (await resolver.ResolveAsync(targets, emptyMeansAll: false, scope, cancellationToken)).Nodes;
            }
            catch (RequestRefusedException refused)
            {
                // The account or its path is gone: the run has no nodes, and the schedule runs out as it would.
                LogScopeGone(logger, schedule.Id, refused.Message);
                nodes = [];
            }

            var spec = new TaskSpec(schedule.Kind, schedule.Payload, schedule.Description)
            {
                TtlSeconds = schedule.TtlSeconds,
                Parallel = schedule.Parallel,
                ScheduleId = schedule.Id,
                SubmittedBy = schedule.CreatedBy,
            };
            await submitter.SubmitAsync(nodes, spec, cancellationToken, (db, batchId) =>
            {
                db.Schedules.Attach(schedule);
                Advance(schedule, batchId, now);
            });
            if (schedule.NextRunAt is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        return next is { } n ? TimeSpan.FromTicks(Math.Clamp((n - time.GetUtcNow()).Ticks, TimeSpan.TicksPerMillisecond, MaxIdle.Ticks)) : MaxIdle;
    }

    private static void Advance(ScheduleRecord schedule, string batchId, DateTimeOffset now)
    {
        schedule.Runs++;
        schedule.LastBatchId = batchId;
        var next = (schedule.NextRunAt ?? now).AddSeconds(schedule.EverySeconds);
        if (next <= now)
        {
            // The Brain was down over one or more runs: run once now (done) and continue from here.
            next = now.AddSeconds(schedule.EverySeconds);
        }

        schedule.NextRunAt = next <= schedule.Until ? next : null;
        if (schedule.NextRunAt is null)
        {
            // Only ever set here, never cleared: a stop that raced with this run stays stopped.
            schedule.Ended = true;
        }
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Schedule {ScheduleId} runs on no nodes: {Reason}")]
    private static partial void LogScopeGone(ILogger logger, string scheduleId, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Running due schedules failed; trying again shortly")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
