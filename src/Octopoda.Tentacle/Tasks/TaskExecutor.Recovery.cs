using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Journal;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Starting from the journal: what the previous Tentacle process left behind.</summary>
internal sealed partial class TaskExecutor
{
    /// <summary>
    /// Recovers from the journal, then starts the ordered queue. Every journaled id counts as seen. Results not yet
    /// acknowledged go back in the outbox. Commands, scripts, tails and requests that were running end lost: their
    /// process group is killed if it is still theirs (see <see cref="TaskReaper"/>); running them twice could do
    /// harm. File tasks that were running (<see cref="ResumesAfterRestart"/>) run again instead, as do tasks
    /// accepted but never started, in accept order:
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
        var resumed = 0;
        var rerun = new List<ActiveTask>();
        lock (_lock)
        {
            _known.UnionWith(contents.KnownIds);
            foreach (var entry in contents.Unfinished)
            {
                if (entry.State == JournalTaskState.Running && !ResumesAfterRestart(entry.Dispatch.Kind))
                {
                    var reason = TaskReaper.Reap(entry.Dispatch.TaskId, entry.ProcessId, entry.ProcessStamp);
                    LogRecoveredLost(_logger, entry.Dispatch.TaskId, reason);
                    writes.Add(Finish(Result(entry.Dispatch.TaskId, TaskState.Lost, reason) with { StartedAtUnixMs = entry.StartedAtUnixMs }));
                    lost++;
                }
                else if (entry.State == JournalTaskState.Accepted && entry.Dispatch.StartAtUnixMs is { } startAt && TaskClock.PreciseUnixMs(_time) - startAt > (entry.Dispatch.AlignToleranceMs ?? AlignedStart.DefaultToleranceMs))
                {
                    writes.Add(Finish(Result(entry.Dispatch.TaskId, TaskState.Failed, $"its aligned start ({startAt:0.###}, node clock, Unix ms) passed while the Tentacle was stopped")));
                }
                else
                {
                    if (entry.State == JournalTaskState.Running)
                    {
                        // A file task the process died in: accepted again, so it runs (and resumes) like any other.
                        writes.Add(_journal.RevertToAcceptedAsync(entry.Dispatch.TaskId));
                        resumed++;
                    }

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
        LogRecovered(_logger, lost, rerun.Count, resumed, _outbox.Count);
        foreach (var task in rerun.Where(t => t.RunsBesideQueue))
        {
            RunBesideQueue(task);
        }

        _orderedLoop = Task.Run(RunOrderedAsync, CancellationToken.None);
        _ = PruneAsync();
    }

    /// <summary>
    /// True for the kinds a restart resumes rather than reports lost: <c>file.push</c> (it continues from its
    /// verified spool, which a stop or a crash keeps), <c>file.pull</c> (it writes its stream again, or reuses the
    /// whole one), <c>file.list</c>, and the NodeApp kinds but <c>napp.run</c> (a prepare resumes its transfer; commit,
    /// reset and delete reach the same state run twice). Each is idempotent and runs no process of the user's.
    /// </summary>
    public static bool ResumesAfterRestart(string kind) =>
        kind is TaskKinds.FilePush or TaskKinds.FilePull or TaskKinds.FileList
            or TaskKinds.NodeAppPrepare or TaskKinds.NodeAppCommit or TaskKinds.NodeAppReset or TaskKinds.NodeAppDelete;

    /// <summary>Journals a result recovered at start and puts it in the outbox (sent on the first connection).</summary>
    private async Task Finish(TaskResult result)
    {
        await _journal.FinishAsync(result);
        _outbox[result.TaskId] = result;
    }
}
