using Octopoda.Brain.Security;

namespace Octopoda.Brain.Tests.Security;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_VerifiesTheRightPasswordOnly_AndNeverContainsIt()
    {
        var stored = PasswordHasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", stored));
        Assert.False(PasswordHasher.Verify("correct hors", stored));
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$600000$", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SaltsEachPassword() => Assert.NotEqual(PasswordHasher.Hash("same password"), PasswordHasher.Hash("same password"));

    [Fact]
    public void Verify_HonoursTheStoredIterationCount()
    {
        var stored = PasswordHasher.Hash("older password", new byte[16], 1000);

        Assert.True(PasswordHasher.Verify("older password", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1$AAAA$AAAA")]
    public void Verify_MalformedStoredForm_IsFalse(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Theory]
    [InlineData(null, true)]
    [InlineData("short", true)]
    [InlineData("1234567", true)]
    [InlineData("12345678", false)]
    public void Weakness_RefusesPasswordsUnderEightCharacters(string? password, bool weak) =>
        Assert.Equal(weak, PasswordHasher.Weakness(password) is not null);
}
