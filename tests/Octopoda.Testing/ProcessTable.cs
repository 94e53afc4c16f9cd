using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Octopoda.Testing;

/// <summary>Finds live processes on this machine by their command line, from <c>/proc</c> (zombies left out).</summary>
public static class ProcessTable
{
    /// <summary>Process ids with <paramref name="marker"/> as one whole argument.</summary>
    public static IReadOnlyList<int> WithArgument(string marker) =>
        Find(arguments => arguments.Contains(marker, StringComparer.Ordinal));

    /// <summary>Process ids with an argument containing <paramref name="marker"/> (so <c>bash -c "… marker …"</c> counts too).</summary>
    public static IReadOnlyList<int> WithArgumentContaining(string marker) =>
        Find(arguments => arguments.Any(a => a.Contains(marker, StringComparison.Ordinal)));

    /// <summary>One line per process: id and command line, for a failure message.</summary>
    public static string Describe(IEnumerable<int> pids) =>
        string.Join("; ", pids.Select(pid =>
        {
            try
            {
                return $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()}";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"{pid}: (exited)";
            }
        }));

    /// <summary>SIGKILLs what a failed test left behind; processes that are already gone are skipped.</summary>
    public static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception)
            {
                // Gone already.
            }
        }
    }

    private static List<int> Find(Func<string[], bool> matches)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (matches(File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0')) && !IsZombie(dir))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // It exited while we looked.
            }
        }

        return found;
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var afterName = stat.LastIndexOf(')');
        return afterName > 0 && stat.Length > afterName + 2 && stat[afterName + 2] == 'Z';
    }
}
