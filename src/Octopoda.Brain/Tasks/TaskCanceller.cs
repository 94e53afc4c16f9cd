using Octopoda.Brain.Nodes;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Cancels tasks: the request is recorded first (a queued task ends <c>cancelled</c> there and then), then each
/// node that is connected is told at once; a node that is away hears it from its dispatcher when it returns. The
/// node is told even when the task was still queued here: a dispatch may already be on the wire, and a Tentacle
/// keeps a cancel for an id it has not seen, so that dispatch never runs.
/// </summary>
internal sealed class TaskCanceller(TaskUpdateWriter writer, NodeRegistry nodes, TimeProvider time)
{
    public async Task CancelAsync(IReadOnlyList<(string Id, string Node)> tasks, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updates = tasks.Select(t => new TaskUpdate.CancelRequested(t.Id, now, reason)).ToList();
        foreach (var update in updates)
        {
            writer.Enqueue(update);
        }

        await Task.WhenAll(updates.Select(u => u.Committed.Task)).WaitAsync(cancellationToken);
        foreach (var (id, node) in tasks)
        {
            if (nodes.Find(node)?.Session is { } session)
            {
                await session.SendCancelAsync(id, cancellationToken);
            }
        }
    }
}
