using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Tasks;

/// <summary>The most recent latency samples (a fixed-size ring), summarised as percentiles on demand.</summary>
internal sealed class LatencyWindow(int capacity = 4096)
{
    private readonly Lock _lock = new();
    private readonly double[] _samples = new double[capacity];
    private long _count;

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _samples[_count % _samples.Length] = milliseconds;
            _count++;
        }
    }

    public LatencySummary Summarise()
    {
        double[] window;
        lock (_lock)
        {
            window = _samples[..(int)Math.Min(_count, _samples.Length)];
        }

        if (window.Length == 0)
        {
            return new LatencySummary();
        }

        Array.Sort(window);
        return new LatencySummary
        {
            Count = window.Length,
            P50Ms = Percentile(window, 0.50),
            P90Ms = Percentile(window, 0.90),
            P99Ms = Percentile(window, 0.99),
            MaxMs = window[^1],
        };
    }

    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
