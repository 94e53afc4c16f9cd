using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class ProcStatParserTests
{
    private const string Sample = """
        cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
        cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
        cpu1 1335891 38412 501183 13407431 3524 0 4233 0 24188 0
        intr 199292 0 9 0 0 0 0 3 0 1 0 0 0 16 0 0 0
        ctxt 1990473
        btime 1062191376
        """;

    [Fact]
    public void ParseAggregate_KernelSample_BusyIsTotalLessIdleAndIowait()
    {
        var times = ProcStatParser.ParseAggregate(Sample);

        // total = user+nice+system+idle+iowait+irq+softirq+steal; guest (175628) is inside user already.
        const long total = 10132153 + 290696 + 3084719 + 46828483 + 16683 + 0 + 25195 + 0;
        Assert.Equal(total, times.Total);
        Assert.Equal(total - 46828483 - 16683, times.Busy);
        Assert.True(times.IsValid);
    }

    [Fact]
    public void ParseAggregate_OldKernelWithFourFields_UsesThem()
    {
        var times = ProcStatParser.ParseAggregate("cpu 10 20 30 40\n");

        Assert.Equal(new CpuTimes(60, 100), times);
    }

    [Fact]
    public void ParseAggregate_OnlyPerCoreLines_ReturnsZero()
    {
        Assert.Equal(default, ProcStatParser.ParseAggregate("cpu0 1 2 3 4 5 6 7 8\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu  ")]
    [InlineData("cpu  1 2 3")]
    [InlineData("cpu  1 2 x 4 5")]
    [InlineData("cpu  1 2 -3 4 5")]
    [InlineData("cpu  99999999999999999999 2 3 4")]
    [InlineData("garbage\n\0\n")]
    public void ParseAggregate_MalformedInput_ReturnsZeroWithoutThrowing(string? text)
    {
        var times = ProcStatParser.ParseAggregate(text);

        Assert.Equal(default, times);
        Assert.False(times.IsValid);
    }

    [Fact]
    public void BusyPercentSince_TwoReadings_IsBusyShareOfElapsedTicks()
    {
        var earlier = new CpuTimes(Busy: 1000, Total: 4000);
        var later = new CpuTimes(Busy: 1050, Total: 4200);

        Assert.Equal(25.0, later.BusyPercentSince(earlier));
    }

    [Fact]
    public void BusyPercentSince_NoTicksOrInvalidReading_IsNull()
    {
        var reading = new CpuTimes(10, 100);

        Assert.Null(reading.BusyPercentSince(reading));
        Assert.Null(reading.BusyPercentSince(default));
        Assert.Null(default(CpuTimes).BusyPercentSince(reading));
    }

    [Fact]
    public void BusyPercentSince_IowaitStepsBack_ClampsToRange()
    {
        // Busy grew more than total because iowait went backwards: report 100 %, not 150 %.
        var earlier = new CpuTimes(Busy: 100, Total: 1000);
        var later = new CpuTimes(Busy: 250, Total: 1100);

        Assert.Equal(100.0, later.BusyPercentSince(earlier));
        Assert.Equal(0.0, new CpuTimes(90, 1100).BusyPercentSince(earlier));
    }
}
