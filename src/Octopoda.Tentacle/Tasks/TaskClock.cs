namespace Octopoda.Tentacle.Tasks;

/// <summary>Unix-millisecond readings of a <see cref="TimeProvider"/>, fractional where start times need sub-ms precision.</summary>
internal static class TaskClock
{
    public static long NowUnixMs(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The clock in Unix ms with the provider's full resolution (100 ns ticks on Linux).</summary>
    public static double PreciseUnixMs(TimeProvider time) =>
        (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;
}
