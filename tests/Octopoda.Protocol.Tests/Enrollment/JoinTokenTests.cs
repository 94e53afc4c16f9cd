using Octopoda.Protocol.Enrollment;

namespace Octopoda.Protocol.Tests.Enrollment;

public sealed class JoinTokenTests
{
    private static readonly string Fingerprint = new('a', 64);

    [Fact]
    public void TryParse_ValidToken_RoundTrips()
    {
        var text = $"oct1.abcdefghijklmnop_-XYZ.{Fingerprint}";

        Assert.True(JoinToken.TryParse(text, out var token, out _));
        Assert.Equal("abcdefghijklmnop_-XYZ", token.Secret);
        Assert.Equal(text, token.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("oct2.abcdefghijklmnop.aaaa")]
    [InlineData("oct1.short.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("oct1.abcdefghijklmnop.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("oct1.abcdefghij klmnop.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_Malformed_SaysWhatIsWrong(string? text)
    {
        Assert.False(JoinToken.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("node1", true)]
    [InlineData("pi-3.lab_a", true)]
    [InlineData("", false)]
    [InlineData("-lead", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("../etc", false)]
    public void NodeNames_Validate(string name, bool valid) => Assert.Equal(valid, NodeNames.IsValid(name));

    [Fact]
    public void NodeNames_LongerThanLimit_Invalid() => Assert.False(NodeNames.IsValid(new string('a', NodeNames.MaxLength + 1)));
}
