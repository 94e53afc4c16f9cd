namespace Octopoda.Tentacle.Status;

/// <summary>
/// Cumulative CPU time of all cores since boot, in jiffies (USER_HZ ticks), from the aggregate <c>cpu</c> line
/// of <c>/proc/stat</c>. Only differences between two readings mean anything.
/// </summary>
/// <param name="Busy">Ticks spent neither idle nor waiting for I/O.</param>
/// <param name="Total">All ticks.</param>
internal readonly record struct CpuTimes(long Busy, long Total)
{
    /// <summary>False for the zero value a parser returns on malformed or missing input.</summary>
    public bool IsValid => Total > 0;

    /// <summary>
    /// The busy percentage between <paramref name="earlier"/> and this reading, or null when no tick passed or
    /// the counters went backwards (nothing to measure, so no sample rather than a made-up 0 %).
    /// </summary>
    public double? BusyPercentSince(CpuTimes earlier)
    {
        var total = Total - earlier.Total;
        if (!IsValid || !earlier.IsValid || total <= 0)
        {
            return null;
        }

        // iowait is not monotonic on tickless kernels (proc(5) says so), so busy can step back slightly while
        // total moves on; clamp instead of reporting a negative or >100 % load.
        var busy = Math.Clamp(Busy - earlier.Busy, 0, total);
        return 100.0 * busy / total;
    }
}
