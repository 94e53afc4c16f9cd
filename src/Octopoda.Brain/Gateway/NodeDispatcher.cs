using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Gateway;

/// <summary>
/// Sends a node's queued tasks over its connection, in submission order. One per connection; woken when tasks
/// are submitted for the node. Its first round also re-sends tasks dispatched on an earlier connection that were
/// never accepted; the Tentacle ignores ids it has already accepted, which makes re-sending safe.
/// </summary>
internal sealed class NodeDispatcher(
    string nodeName,
    FrameConnection connection,
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskUpdateWriter writer,
    TimeProvider time)
{
    // Tasks read per store query; a longer queue goes out in several pages.
    private const int PageSize = 256;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the dispatcher to look for queued tasks. Cheap and coalescing: many wakes, one look.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await DispatchRoundAsync(includeDispatched: true, cancellationToken);
        while (await _wake.Reader.WaitToReadAsync(cancellationToken))
        {
            _wake.Reader.TryRead(out _);
            await DispatchRoundAsync(includeDispatched: false, cancellationToken);
        }
    }

    private async Task DispatchRoundAsync(bool includeDispatched, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<TaskRecord> page;
            var now = time.GetUtcNow();
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Tasks.AsNoTracking()
                    .Where(t => t.NodeName == nodeName && t.Sequence > after
                        && (t.State == TaskState.Queued || (includeDispatched && t.State == TaskState.Dispatched)))
                    .OrderBy(t => t.Sequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    return;
                }

                after = page[^1].Sequence;
                var live = page.Where(t => t.ExpiresAt is null || t.ExpiresAt > now).Select(t => t.Id).ToList();
                await db.Tasks
                    .Where(t => live.Contains(t.Id) && t.State == TaskState.Queued)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TaskState.Dispatched).SetProperty(t => t.DispatchedAt, now), cancellationToken);
            }

            foreach (var task in page)
            {
                if (task.ExpiresAt is { } expires && expires <= now)
                {
                    writer.Enqueue(Expired(task, now));
                    continue;
                }

                await connection.SendAsync(
                    MessageKind.TaskDispatch,
                    new TaskDispatch { TaskId = task.Id, Kind = task.Kind, Payload = task.Payload, Parallel = task.Parallel },
                    ProtocolJsonContext.Default.TaskDispatch,
                    cancellationToken: cancellationToken);
            }

            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    private TaskUpdate.Finished Expired(TaskRecord task, DateTimeOffset now) => new(
        new TaskResult
        {
            TaskId = task.Id,
            State = TaskState.Expired,
            Error = $"node {nodeName} did not come back within the task's time-to-live ({task.TtlSeconds} s)",
            FinishedAtUnixMs = now.ToUnixTimeMilliseconds(),
        },
        null,
        now);
}
