using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Stores new tasks, then wakes the dispatchers of their nodes. A task is committed before its id is returned
/// to anyone: that is the start of the "never lose a task" promise.
/// </summary>
internal sealed class TaskSubmitter(
    IDbContextFactory<BrainDbContext> dbFactory,
    NodeRegistry nodes,
    TaskEvents events,
    DeliveryStats stats,
    TimeProvider time)
{
    /// <summary>
    /// Without a time-to-live a task is for a node connected now; if that node drops before the task is sent, it
    /// ends expired after this grace instead of waiting (the "offline is reported at once" promise, with room for
    /// a reconnect).
    /// </summary>
    public static readonly TimeSpan InteractiveDispatchGrace = TimeSpan.FromSeconds(10);

    /// <summary>Added to the slowest target's link delay to place a time-aligned start.</summary>
    public static readonly TimeSpan AlignMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// One task per node in <paramref name="nodeNames"/>, all in one batch and one transaction.
    /// <paramref name="alsoInTransaction"/> adds changes committed with the tasks (e.g. a schedule's advance).
    /// </summary>
    public async Task<RunSubmission> SubmitAsync(
        IReadOnlyList<string> nodeNames,
        TaskSpec spec,
        CancellationToken cancellationToken,
        Action<BrainDbContext, string>? alsoInTransaction = null)
    {
        var now = time.GetUtcNow();
        var batchId = spec.BatchId ?? Secrets.NewId();
        DateTimeOffset? alignAt = spec.TimeAligned
            ? now + TimeSpan.FromMilliseconds(nodeNames.Select(n => nodes.View(n)?.DelayMs ?? 0).DefaultIfEmpty(0).Max()) + AlignMargin
            : null;
        var records = new List<TaskRecord>(nodeNames.Count);
        foreach (var node in nodeNames)
        {
            var record = new TaskRecord
            {
                Id = Secrets.NewId(),
                BatchId = batchId,
                NodeName = node,
                Kind = spec.Kind,
                Payload = spec.PayloadJson,
                Description = spec.Description,
                Parallel = spec.Parallel,
                TtlSeconds = spec.TtlSeconds,
                SubmittedBy = spec.SubmittedBy,
                ScheduleId = spec.ScheduleId,
                DelayMs = spec.DelayMs,
                AlignAt = alignAt,
                AlignToleranceMs = alignAt is null ? null : spec.AlignToleranceMs,
                CreatedAt = now,
                ExpiresAt = now + (spec.TtlSeconds > 0 ? TimeSpan.FromSeconds(spec.TtlSeconds) : InteractiveDispatchGrace),
                State = TaskState.Queued,
            };
            if (spec.TtlSeconds == 0 && !nodes.IsConnected(node))
            {
                // An interactive run (no time-to-live) reports an offline node at once instead of waiting for it.
                record.State = TaskState.Expired;
                record.FinishedAt = now;
                record.Error = $"node {node} is not connected (it is {nodes.View(node)?.State.ToString().ToLowerInvariant() ?? "unknown"}); give --ttl to wait for it";
            }

            records.Add(record);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Tasks.AddRange(records);
            alsoInTransaction?.Invoke(db, batchId);
            await db.SaveChangesAsync(cancellationToken);
        }

        var expired = 0;
        foreach (var record in records)
        {
            if (record.State == TaskState.Queued)
            {
                nodes.Find(record.NodeName)?.Session?.Dispatcher.Wake();
            }
            else
            {
                expired++;
                events.PublishFinal(record.ToView());
            }
        }

        stats.AddExpiredAtSubmit(expired);
        return new RunSubmission
        {
            BatchId = batchId,
            Tasks = [.. records.Select(r => new TaskRef { Id = r.Id, Node = r.NodeName, State = r.State })],
            ScheduleId = spec.ScheduleId,
        };
    }
}
