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
/// Sends a node's queued tasks over its connection, in submission order, then marks them dispatched through the
/// <see cref="TaskUpdateWriter"/>. One per connection; woken when tasks are submitted for the node. Its first round
/// also re-sends tasks dispatched on an earlier connection that were never accepted; the Tentacle ignores ids it
/// has already accepted, which makes re-sending (also after a crash between send and mark) safe.
/// </summary>
internal sealed partial class NodeDispatcher(
    string nodeName,
    FrameConnection connection,
    IDbContextFactory<BrainDbContext> dbFactory,
    TaskUpdateWriter writer,
    TimeProvider time,
    ILogger logger)
{
    // Tasks read per store query; a longer queue goes out in several pages.
    private const int PageSize = 256;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the dispatcher to look for queued tasks. Cheap and coalescing: many wakes, one look.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var includeDispatched = true;
        do
        {
            _wake.Reader.TryRead(out _);
            try
            {
                await DispatchRoundAsync(includeDispatched, cancellationToken);
                includeDispatched = false;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // The store failed this round (e.g. busy for longer than its timeout): try again shortly. Nothing
                // is lost: the tasks are still queued, or re-sent and ignored as duplicates by the Tentacle.
                LogRoundFailed(logger, nodeName, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                Wake();
            }
        }
        while (await _wake.Reader.WaitToReadAsync(cancellationToken));
    }

    private async Task DispatchRoundAsync(bool includeDispatched, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<TaskRecord> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Tasks.AsNoTracking()
                    .Where(t => t.NodeName == nodeName && t.Sequence > after
                        && (t.State == TaskState.Queued || (includeDispatched && t.State == TaskState.Dispatched)))
                    .OrderBy(t => t.Sequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
            }

            if (page.Count == 0)
            {
                return;
            }

            after = page[^1].Sequence;
            var now = time.GetUtcNow();
            var marks = new List<TaskUpdate>(page.Count);
            foreach (var task in page)
            {
                if (task.ExpiresAt is { } expires && expires <= now)
                {
                    marks.Add(Expired(task, now));
                    continue;
                }

                await connection.SendAsync(
                    MessageKind.TaskDispatch,
                    new TaskDispatch { TaskId = task.Id, Kind = task.Kind, Payload = task.Payload, Parallel = task.Parallel },
                    ProtocolJsonContext.Default.TaskDispatch,
                    cancellationToken: cancellationToken);
                marks.Add(new TaskUpdate.Dispatched(task.Id, now));
            }

            // The marks go through the one batching writer (no competing writers), and the next round waits for
            // them, so it never reads these tasks as still queued and sends them twice.
            foreach (var mark in marks)
            {
                writer.Enqueue(mark);
            }

            await Task.WhenAll(marks.Select(m => m.Committed.Task)).WaitAsync(cancellationToken);
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

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Dispatching to {NodeName} failed; retrying in 1 s")]
    private static partial void LogRoundFailed(ILogger logger, string nodeName, Exception exception);
}
