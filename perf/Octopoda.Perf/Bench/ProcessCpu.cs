using System.Globalization;

namespace Octopoda.Perf.Bench;

/// <summary>CPU time (user + system) a process has used so far, from <c>/proc/PID/stat</c>.</summary>
internal static class ProcessCpu
{
    // /proc reports times in USER_HZ ticks, which Linux fixes at 100 per second for user space on every
    // architecture we run on (whatever the kernel's own HZ).
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU, or null when the process is gone or <paramref name="pid"/> is null.</summary>
    public static double? Seconds(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
