using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class CpuLoadWindowTests
{
    [Theory]
    [InlineData(2, 30)]
    [InlineData(5, 12)]
    [InlineData(60, 1)]
    [InlineData(120, 1)]
    public void CapacityFor_OneMinuteWindow_CoversItWithSamples(int intervalSeconds, int expected)
    {
        Assert.Equal(expected, CpuLoadWindow.CapacityFor(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(intervalSeconds)));
    }

    [Fact]
    public void Mean_NoSamples_IsZero()
    {
        Assert.Equal(0, new CpuLoadWindow(30).Mean);
    }

    [Fact]
    public void Mean_FewerSamplesThanCapacity_AveragesOnlyThoseTaken()
    {
        var window = new CpuLoadWindow(30);
        window.Add(20);
        window.Add(60);

        Assert.Equal(40, window.Mean);
        Assert.Equal(2, window.Count);
    }

    [Fact]
    public void Add_BeyondCapacity_OverwritesOldest()
    {
        var window = new CpuLoadWindow(3);
        foreach (var sample in new double[] { 90, 90, 90, 0, 30 })
        {
            window.Add(sample);
        }

        Assert.Equal(3, window.Count);
        Assert.Equal(40, window.Mean);
    }

    [Fact]
    public void Clear_AfterSamples_StartsAgain()
    {
        var window = new CpuLoadWindow(3);
        window.Add(50);
        window.Clear();
        window.Add(10);

        Assert.Equal(10, window.Mean);
    }
}
