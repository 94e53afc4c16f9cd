namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Ends what is left of a task that was running when the Tentacle stopped. Tasks run under setsid, so their
/// process group outlives the Tentacle. The group is killed only when it is provably the task's: the journaled
/// process is alive with the journaled start time (a reused process id has another), or processes still carry
/// the task's <c>OCTOPODA_TASK</c> variable. Returns the reason for the task's lost result.
/// </summary>
internal static class TaskReaper
{
    public const string Prefix = "the Tentacle stopped while the task was running; ";

    public static string Reap(string taskId, int? processId, ProcessStamp? stamp)
    {
        if (processId is { } pid && stamp is not null)
        {
            if (stamp.BootId != ProcessStamp.CurrentBootId)
            {
                return Prefix + "its process had already exited (the machine restarted since)";
            }

            if (ProcessStamp.TryRead(pid) == stamp)
            {
                ProcessGroup.Kill(pid);
                return Prefix + $"its process group {pid} was killed at restart";
            }
        }

        // The leader is gone (or was never recorded); members of the group may remain, marked by the task variable.
        var own = ProcStat.TryRead(Environment.ProcessId)?.ProcessGroup;
        var groups = new SortedSet<int>();
        foreach (var left in TaskProcesses.Find(taskId))
        {
            var group = ProcStat.TryRead(left)?.ProcessGroup;
            if (group is > 1 && group != own)
            {
                ProcessGroup.Kill(group.Value);
                groups.Add(group.Value);
            }
            else
            {
                ProcessGroup.KillProcess(left);
                groups.Add(left);
            }
        }

        if (groups.Count > 0)
        {
            return Prefix + $"its process group {string.Join(", ", groups)} was killed at restart";
        }

        return processId is null ? Prefix + "no process of it was left" : Prefix + "its process had already exited";
    }
}
