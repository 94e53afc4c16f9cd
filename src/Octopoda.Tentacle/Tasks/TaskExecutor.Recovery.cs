using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Journal;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Starting from the journal: what the previous Tentacle process left behind.</summary>
internal sealed partial class TaskExecutor
{
    /// <summary>
    /// Recovers from the journal, then starts the ordered queue. Every journaled id counts as seen. Results not yet
    /// acknowledged go back in the outbox. Tasks that were running end lost: their process group is killed if it
    /// is still theirs (see <see cref="TaskReaper"/>). Tasks accepted but never started run again, in accept order:
    /// ordered ones through the queue, the others beside it, delays re-armed for what is left of them; an aligned
    /// one whose instant has passed fails with the reason. Call before the first connection.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var contents = await _journal.LoadAsync().WaitAsync(cancellationToken);
        foreach (var result in contents.Unacknowledged)
        {
            _outbox[result.TaskId] = result;
        }

        var writes = new List<Task>();
        var lost = 0;
        var rerun = new List<ActiveTask>();
        lock (_lock)
        {
            _known.UnionWith(contents.KnownIds);
            foreach (var entry in contents.Unfinished)
            {
                if (entry.State == JournalTaskState.Running)
                {
                    var reason = TaskReaper.Reap(entry.Dispatch.TaskId, entry.ProcessId, entry.ProcessStamp);
                    LogRecoveredLost(_logger, entry.Dispatch.TaskId, reason);
                    writes.Add(Finish(Result(entry.Dispatch.TaskId, TaskState.Lost, reason) with { StartedAtUnixMs = entry.StartedAtUnixMs }));
                    lost++;
                }
                else if (entry.Dispatch.StartAtUnixMs is { } startAt && TaskClock.PreciseUnixMs(_time) - startAt > (entry.Dispatch.AlignToleranceMs ?? AlignedStart.DefaultToleranceMs))
                {
                    writes.Add(Finish(Result(entry.Dispatch.TaskId, TaskState.Failed, $"its aligned start ({startAt:0.###}, node clock, Unix ms) passed while the Tentacle was stopped")));
                }
                else
                {
                    var task = new ActiveTask(entry.Dispatch, entry.AcceptedAtUnixMs, _stopping.Token);
                    task.MarkAccepted();
                    _active[task.Id] = task;
                    rerun.Add(task);
                    if (!task.RunsBesideQueue)
                    {
                        _ordered.Writer.TryWrite(task);
                    }
                }
            }
        }

        await Task.WhenAll(writes).WaitAsync(cancellationToken);
        LogRecovered(_logger, lost, rerun.Count, _outbox.Count);
        foreach (var task in rerun.Where(t => t.RunsBesideQueue))
        {
            RunBesideQueue(task);
        }

        _orderedLoop = Task.Run(RunOrderedAsync, CancellationToken.None);
        _ = PruneAsync();
    }

    /// <summary>Journals a result recovered at start and puts it in the outbox (sent on the first connection).</summary>
    private async Task Finish(TaskResult result)
    {
        await _journal.FinishAsync(result);
        _outbox[result.TaskId] = result;
    }
}
