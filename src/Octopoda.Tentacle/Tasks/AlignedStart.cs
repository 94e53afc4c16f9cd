namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Time-aligned starts (<c>-ta</c>): the Brain names a node-clock instant; the Tentacle refuses one it cannot meet
/// and otherwise starts the process as close to it as it can: a timer sleep until shortly before, then a spin.
/// </summary>
internal static class AlignedStart
{
    /// <summary>The tolerance when the dispatch names none (the API's default).</summary>
    public const double DefaultToleranceMs = 50;

    /// <summary>
    /// How far ahead an aligned start may be: the Brain sends aligned tasks about a second ahead (enough for a
    /// dispatch round, the accept's fsync and the link's delay), so more than 3 s means clocks or offsets are off.
    /// </summary>
    public const double MaxLeadMs = 3000;

    // Timers fire up to about a millisecond late on Linux; wake 2 ms early and spin the rest.
    private const double SpinMs = 2;

    /// <summary>Why the task cannot start at <paramref name="startAt"/> as seen at <paramref name="now"/>, or null.</summary>
    public static string? Refusal(double startAt, double? toleranceMs, double now)
    {
        var tolerance = toleranceMs ?? DefaultToleranceMs;
        var lead = startAt - now;
        if (lead > MaxLeadMs + tolerance)
        {
            return $"refused the aligned start: it is {lead:0.###} ms ahead, more than the {MaxLeadMs:0} ms lead plus the {tolerance:0.###} ms tolerance this Tentacle accepts (start {startAt:0.###}, node clock {now:0.###}, Unix ms)";
        }

        if (-lead > tolerance)
        {
            return $"refused the aligned start: it passed {-lead:0.###} ms ago, more than the {tolerance:0.###} ms tolerance (start {startAt:0.###}, node clock {now:0.###}, Unix ms)";
        }

        return null;
    }

    /// <summary>Waits until <paramref name="startAt"/>; returns a refusal if the wait itself ended too late.</summary>
    public static async Task<string?> WaitAsync(double startAt, double? toleranceMs, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = TaskClock.PreciseUnixMs(time);
        if (Refusal(startAt, toleranceMs, now) is { } refusal)
        {
            return refusal;
        }

        var sleep = startAt - now - SpinMs;
        if (sleep > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(sleep), time, cancellationToken);
        }

        while ((now = TaskClock.PreciseUnixMs(time)) < startAt)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Thread.SpinWait(16);
        }

        var tolerance = toleranceMs ?? DefaultToleranceMs;
        return now - startAt > tolerance
            ? $"missed the aligned start: ready {now - startAt:0.###} ms late, more than the {tolerance:0.###} ms tolerance"
            : null;
    }
}
