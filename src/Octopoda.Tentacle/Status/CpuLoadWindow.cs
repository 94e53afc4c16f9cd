namespace Octopoda.Tentacle.Status;

/// <summary>
/// The last few CPU busy percentages, in a ring. Unlike the original, which started its ring with zeros and so
/// under-reported the first minute, the mean covers only samples actually taken. Not thread-safe.
/// </summary>
internal sealed class CpuLoadWindow
{
    private readonly double[] _samples;
    private int _next;
    private int _count;

    public CpuLoadWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _samples = new double[capacity];
    }

    public int Capacity => _samples.Length;

    public int Count => _count;

    /// <summary>The mean of the samples held, or 0 when there are none.</summary>
    public double Mean
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var sum = 0.0;
            for (var i = 0; i < _count; i++)
            {
                sum += _samples[i];
            }

            return sum / _count;
        }
    }

    /// <summary>How many samples taken every <paramref name="interval"/> cover <paramref name="window"/>, at least one.</summary>
    public static int CapacityFor(TimeSpan window, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return (int)Math.Clamp(Math.Round(window / interval), 1, int.MaxValue);
    }

    public void Add(double percent)
    {
        _samples[_next] = percent;
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    public void Clear()
    {
        _next = 0;
        _count = 0;
    }
}
