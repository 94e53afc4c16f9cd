using System.Globalization;
using System.Text;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Finds the processes a task started by the <c>OCTOPODA_TASK=&lt;id&gt;</c> variable every task process inherits.
/// Used when a restarted Tentacle cannot name a task's process group by id and stamp (the Tentacle stopped between
/// journaling "running" and recording the process), and by tests to prove nothing was left behind.
/// </summary>
internal static class TaskProcesses
{
    public static IReadOnlyList<int> Find(string taskId)
    {
        // environ is NUL-separated "KEY=value" entries; match a whole entry, not the end of another one.
        var marker = Encoding.UTF8.GetBytes($"OCTOPODA_TASK={taskId}\0");
        var inner = Encoding.UTF8.GetBytes($"\0OCTOPODA_TASK={taskId}\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().StartsWith(marker) || environ.AsSpan().IndexOf(inner) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: not ours.
            }
        }

        return found;
    }
}
