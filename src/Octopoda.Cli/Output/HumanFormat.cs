using System.Globalization;

namespace Octopoda.Cli.Output;

/// <summary>Numbers as people read them: <c>12 ms</c>, <c>1.3 s</c>, <c>2m42s</c>, <c>3.1/15.5 GiB (20%)</c>.</summary>
internal static class HumanFormat
{
    private const double BytesPerGiB = 1024d * 1024 * 1024;

    /// <summary>A duration: <c>12 ms</c>, <c>1.3 s</c>, <c>42 s</c>, <c>2m42s</c>, <c>3h04m</c>, <c>2d03h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds switch
        {
            < 0.01 => Invariant($"{span.TotalMilliseconds:0.#} ms"),
            < 1 => Invariant($"{span.TotalMilliseconds:0} ms"),
            < 10 => Invariant($"{Math.Floor(span.TotalSeconds * 10) / 10:0.0} s"),
            < 60 => Invariant($"{Math.Floor(span.TotalSeconds):0} s"),
            < 3600 => Invariant($"{span.Minutes}m{span.Seconds:00}s"),
            < 86400 => Invariant($"{span.Hours}h{span.Minutes:00}m"),
            _ => Invariant($"{(int)span.TotalDays}d{span.Hours:00}h"),
        };
    }

    /// <summary>A duration given in milliseconds.</summary>
    public static string DurationMs(double milliseconds) => Duration(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>A link delay, compact: <c>0.4ms</c>, <c>12ms</c>, <c>1.2s</c>.</summary>
    public static string Delay(double milliseconds) => milliseconds switch
    {
        < 10 => Invariant($"{milliseconds:0.0}ms"),
        < 1000 => Invariant($"{milliseconds:0}ms"),
        _ => Invariant($"{milliseconds / 1000:0.0}s"),
    };

    /// <summary>Used over total in GiB with the share: <c>3.1/15.5 GiB (20%)</c>; a dash when the total is unknown.</summary>
    public static string Usage(long used, long total) =>
        total <= 0
            ? "-"
            : Invariant($"{used / BytesPerGiB:0.0}/{total / BytesPerGiB:0.0} GiB ({Percent(100d * used / total)})");

    /// <summary>A percentage: <c>7.5%</c>.</summary>
    public static string Percent(double value) => Invariant($"{value:0.#}%");

    /// <summary>A point in time in UTC, to the second: <c>2025-11-21 12:00:00Z</c>.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"1 node" or "3 nodes".</summary>
    public static string Count(int count, string singular) =>
        Invariant($"{count} {(count == 1 ? singular : singular + "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
