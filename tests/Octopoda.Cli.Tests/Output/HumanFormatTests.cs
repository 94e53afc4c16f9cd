using Octopoda.Cli.Output;

namespace Octopoda.Cli.Tests.Output;

public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(0.4, "0.4 ms")]
    [InlineData(12, "12 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1_340, "1.3 s")]
    [InlineData(42_900, "42 s")]
    [InlineData(162_000, "2m42s")]
    [InlineData(3_840_000, "1h04m")]
    [InlineData(183_600_000, "2d03h")]
    [InlineData(-5, "0 ms")]
    public void DurationMs_Values_ReadLikePeopleSayThem(double milliseconds, string expected) =>
        Assert.Equal(expected, HumanFormat.DurationMs(milliseconds));

    [Theory]
    [InlineData(0.42, "0.4ms")]
    [InlineData(12.6, "13ms")]
    [InlineData(1_240, "1.2s")]
    public void Delay_Values_AreCompact(double milliseconds, string expected) =>
        Assert.Equal(expected, HumanFormat.Delay(milliseconds));

    [Fact]
    public void Usage_UsedAndTotal_ShowsGibAndShare() =>
        Assert.Equal("3.0/12.0 GiB (25%)", HumanFormat.Usage(3L << 30, 12L << 30));

    [Fact]
    public void Usage_TotalUnknown_ShowsDash() => Assert.Equal("-", HumanFormat.Usage(0, 0));

    [Theory]
    [InlineData(1, "1 node")]
    [InlineData(0, "0 nodes")]
    [InlineData(3, "3 nodes")]
    public void Count_Numbers_Pluralise(int count, string expected) => Assert.Equal(expected, HumanFormat.Count(count, "node"));
}
