using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class ProcMeminfoParserTests
{
    [Fact]
    public void Parse_KernelSample_UsedIsTotalLessAvailableInBytes()
    {
        const string sample = """
            MemTotal:       16318044 kB
            MemFree:         1270140 kB
            MemAvailable:   10419932 kB
            Buffers:          580632 kB
            Cached:          8393112 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            """;

        var memory = ProcMeminfoParser.Parse(sample);

        Assert.Equal(16318044L * 1024, memory.TotalBytes);
        Assert.Equal(10419932L * 1024, memory.AvailableBytes);
        Assert.Equal((16318044L - 10419932L) * 1024, memory.UsedBytes);
    }

    [Fact]
    public void Parse_KernelWithoutMemAvailable_EstimatesFromFreeBuffersAndCached()
    {
        const string sample = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n";

        var memory = ProcMeminfoParser.Parse(sample);

        Assert.Equal(400L * 1024, memory.AvailableBytes);
        Assert.Equal(600L * 1024, memory.UsedBytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MemAvailable: 10 kB\n")]
    [InlineData("MemTotal: lots kB\nMemAvailable: 10 kB\n")]
    [InlineData("MemTotal: 100 kB\n")]
    [InlineData("MemTotal: 0 kB\nMemAvailable: 0 kB\n")]
    [InlineData("MemTotal: 99999999999999999 kB\nMemAvailable: 1 kB\n")]
    [InlineData(":::\n\n")]
    public void Parse_MalformedInput_ReturnsZeroWithoutThrowing(string? text)
    {
        Assert.Equal(default, ProcMeminfoParser.Parse(text));
    }

    [Fact]
    public void Parse_AvailableAboveTotal_UsedIsZeroNotNegative()
    {
        var memory = ProcMeminfoParser.Parse("MemTotal: 100 kB\nMemAvailable: 150 kB\n");

        Assert.Equal(0, memory.UsedBytes);
    }
}
