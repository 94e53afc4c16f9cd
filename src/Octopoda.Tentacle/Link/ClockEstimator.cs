namespace Octopoda.Tentacle.Link;

/// <summary>
/// NTP-style estimates from heartbeat exchanges. For send time t1 (ours), the Brain's receive and send times t2,
/// t3, and our receive time t4: round trip = (t4 − t1) − (t3 − t2); offset (Brain − us) = ((t2 − t1) + (t3 − t4)) / 2.
/// Unlike the original OSTP, which used the receive time and so carried one round trip of bias, this is the
/// textbook formula. The offset reported is that of the lowest-round-trip sample among the last 16 (NTP's clock
/// filter: the fastest exchange has the least queueing asymmetry); the delay is the mean one-way delay of the
/// last 4, as Octopoda displayed it.
/// </summary>
internal sealed class ClockEstimator
{
    private const int OffsetWindow = 16;
    private const int DelayWindow = 4;

    private readonly Lock _lock = new();
    private readonly Queue<(double RoundTripMs, double OffsetMs)> _samples = new();

    public double? DelayMs { get; private set; }

    public double? OffsetMs { get; private set; }

    public void Add(long t1, long t2, long t3, long t4)
    {
        var roundTrip = Math.Max(0, (t4 - t1) - (t3 - t2));
        var offset = ((t2 - t1) + (t3 - t4)) / 2.0;
        lock (_lock)
        {
            _samples.Enqueue((roundTrip, offset));
            while (_samples.Count > OffsetWindow)
            {
                _samples.Dequeue();
            }

            OffsetMs = _samples.MinBy(s => s.RoundTripMs).OffsetMs;
            DelayMs = _samples.Reverse().Take(DelayWindow).Average(s => s.RoundTripMs / 2.0);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _samples.Clear();
            DelayMs = null;
            OffsetMs = null;
        }
    }
}
