using System.Globalization;

namespace Octopoda.Perf.Bench;

/// <summary>Median, p90, p99 and max of a sample, nearest-rank (no interpolation: every figure is a value seen).</summary>
internal sealed record Percentiles(int Count, double? P50, double? P90, double? P99, double? Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(0, null, null, null, null);
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), sorted[^1]);
    }

    public static string Format(double? value, string format = "0.0") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
