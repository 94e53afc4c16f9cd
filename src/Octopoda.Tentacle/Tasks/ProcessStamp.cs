using System.Globalization;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Identifies one process across a Tentacle restart: its start time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, clock
/// ticks since boot) and the boot it belongs to. A process id can be reused once its process is gone; the pair of
/// id and stamp cannot, so a restarted Tentacle kills a journaled process group only when the stamp still matches.
/// </summary>
internal sealed record ProcessStamp(long StartTicks, string BootId)
{
    private const string BootIdPath = "/proc/sys/kernel/random/boot_id";

    private static readonly Lazy<string> CurrentBoot = new(() =>
    {
        try
        {
            return File.ReadAllText(BootIdPath).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    });

    public static string CurrentBootId => CurrentBoot.Value;

    /// <summary>The stamp of a live process, or null when it does not exist (or has already been reaped).</summary>
    public static ProcessStamp? TryRead(int pid) =>
        ProcStat.TryRead(pid) is { } stat ? new ProcessStamp(stat.StartTicks, CurrentBootId) : null;

    /// <summary>Stored form: <c>&lt;boot id&gt;/&lt;start ticks&gt;</c>.</summary>
    public override string ToString() => $"{BootId}/{StartTicks.ToString(CultureInfo.InvariantCulture)}";

    public static ProcessStamp? Parse(string? text)
    {
        var slash = text?.LastIndexOf('/') ?? -1;
        return slash > 0 && long.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessStamp(ticks, text![..slash])
            : null;
    }
}
