using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>Waits for a task to reach a final state, from the <see cref="TaskEvents"/> of its batch.</summary>
internal sealed class TaskWaiter(IDbContextFactory<BrainDbContext> dbFactory, TaskEvents events)
{
    /// <summary>The task once final, or as it is when <paramref name="timeout"/> passes.</summary>
    public async Task<TaskView> WaitAsync(string taskId, string batchId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var subscription = events.Subscribe(batchId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        TaskRecord task;
        try
        {
            // Read after subscribing: it may have finished before.
            task = await ReadAsync(taskId, cancellationToken);
            while (!task.State.IsFinal())
            {
                if (await subscription.ReadAsync(deadline.Token) is TaskEvent.Final final && final.TaskId == taskId)
                {
                    return final.Task;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            task = await ReadAsync(taskId, cancellationToken);
        }

        return task.ToView();
    }

    private async Task<TaskRecord> ReadAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == taskId, cancellationToken);
    }
}
