using Octopoda.Tentacle.Link;

namespace Octopoda.Tentacle.Tests.Link;

public sealed class ClockEstimatorTests
{
    [Fact]
    public void Add_SymmetricExchange_GivesExactOffsetAndDelay()
    {
        var clock = new ClockEstimator();

        // Brain is 500 ms ahead; 10 ms each way; Brain holds the beat 2 ms.
        clock.Add(t1: 1000, t2: 1510, t3: 1512, t4: 1022);

        Assert.Equal(500, clock.OffsetMs);
        Assert.Equal(10, clock.DelayMs);
    }

    [Fact]
    public void Add_PicksOffsetOfFastestExchange()
    {
        var clock = new ClockEstimator();
        clock.Add(1000, 1510, 1510, 1020);      // rtt 20, offset 500
        clock.Add(2000, 2700, 2700, 2400);      // rtt 400, asymmetric queueing: offset 500 + 150
        clock.Add(3000, 3505, 3505, 3010);      // rtt 10, offset 500

        Assert.Equal(500, clock.OffsetMs);
    }

    [Fact]
    public void Reset_ForgetsEstimates()
    {
        var clock = new ClockEstimator();
        clock.Add(1000, 1510, 1510, 1020);

        clock.Reset();

        Assert.Null(clock.OffsetMs);
        Assert.Null(clock.DelayMs);
    }

    [Fact]
    public void Backoff_StaysWithinBaseAndCap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(backoff.Next(), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));
        }
    }
}
