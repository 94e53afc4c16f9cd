using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
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
    TimeProvider time)
{
    /// <summary>One task per node in <paramref name="nodeNames"/>, all in one batch and one transaction.</summary>
    public async Task<RunSubmission> SubmitAsync(
        IReadOnlyList<string> nodeNames,
        string kind,
        CommandPayload payload,
        int ttlSeconds,
        bool parallel,
        string? submittedBy,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batchId = Secrets.NewId();
        var payloadJson = JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.CommandPayload);
        var records = new List<TaskRecord>(nodeNames.Count);
        foreach (var node in nodeNames)
        {
            var reachable = nodes.IsConnected(node);
            var record = new TaskRecord
            {
                Id = Secrets.NewId(),
                BatchId = batchId,
                NodeName = node,
                Kind = kind,
                Payload = payloadJson,
                Parallel = parallel,
                TtlSeconds = ttlSeconds,
                SubmittedBy = submittedBy,
                CreatedAt = now,
                ExpiresAt = ttlSeconds > 0 ? now.AddSeconds(ttlSeconds) : null,
                State = TaskState.Queued,
            };
            if (!reachable && ttlSeconds == 0)
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
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var record in records)
        {
            if (record.State == TaskState.Queued)
            {
                nodes.Find(record.NodeName)?.Session?.Dispatcher.Wake();
            }
            else
            {
                events.PublishFinal(record.ToView());
            }
        }

        return new RunSubmission
        {
            BatchId = batchId,
            Tasks = [.. records.Select(r => new TaskRef { Id = r.Id, Node = r.NodeName, State = r.State })],
        };
    }
}
