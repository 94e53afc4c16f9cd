using Octopoda.Cli.Files;

namespace Octopoda.Cli.Tests.Files;

public sealed class BrainStoreTests
{
    [Theory]
    [InlineData("app", "notes.txt", "app/notes.txt")]
    [InlineData("/app/", "notes.txt", "app/notes.txt")]
    [InlineData("./app", "notes.txt", "app/notes.txt")]
    [InlineData("/./app/conf", "notes.txt", "app/conf/notes.txt")]
    [InlineData(".//app", "notes.txt", "app/notes.txt")]
    [InlineData(".", "notes.txt", "notes.txt")]
    [InlineData("./", "notes.txt", "notes.txt")]
    [InlineData("/", "notes.txt", "notes.txt")]
    [InlineData("", "notes.txt", "notes.txt")]
    [InlineData("my dir", "it's \"q\"\n.txt", "my dir/it's \"q\"\n.txt")]
    [InlineData("a/./b", "x", "a/./b/x")]
    public void NameFor_StripsLeadingSlashesAndDots(string directory, string entry, string expected)
    {
        Assert.Equal(expected, BrainStore.NameFor(directory, entry));
    }
}
