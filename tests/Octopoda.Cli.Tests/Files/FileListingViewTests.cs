using Octopoda.Cli.Files;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Tests.Files;

public sealed class FileListingViewTests
{
    private static readonly DateTimeOffset When = new(2025, 11, 21, 12, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(FileEntryView.File, 0b110_100_100, "-rw-r--r--")]
    [InlineData(FileEntryView.Directory, 0b111_101_101, "drwxr-xr-x")]
    [InlineData(FileEntryView.Symlink, 0b111_111_111, "lrwxrwxrwx")]
    [InlineData(FileEntryView.Other, 0b110_000_000, "?rw-------")]
    [InlineData(FileEntryView.File, 0b100_111_101_101, "-rwsr-xr-x")]
    [InlineData(FileEntryView.File, 0b100_110_100_100, "-rwSr--r--")]
    [InlineData(FileEntryView.File, 0b010_111_101_101, "-rwxr-sr-x")]
    [InlineData(FileEntryView.Directory, 0b001_111_111_111, "drwxrwxrwt")]
    [InlineData(FileEntryView.Directory, 0b001_111_111_110, "drwxrwxrwT")]
    [InlineData(FileEntryView.File, 0, "----------")]
    public void Mode_TypeAndBits_ReadAsLsShowsThem(string type, int mode, string expected)
    {
        Assert.Equal(expected, FileListingView.Mode(Entry("x", type, mode, 0)));
    }

    [Fact]
    public void Rows_AlignSizesAndShowLocalTimeLinksAndEscapedNames()
    {
        var listing = new FileListing
        {
            Path = "/srv",
            Entries =
            [
                Entry("app", FileEntryView.Directory, 0b111_101_101, 4096),
                Entry("current", FileEntryView.Symlink, 0b111_111_111, 7) with { LinkTarget = "app/v2" },
                Entry("new\nline.txt", FileEntryView.File, 0b110_100_100, 12),
            ],
        };

        var rows = FileListingView.Rows(listing, ZonedTimeProvider.Utc(2).LocalTimeZone);

        Assert.Equal(
            [
                "drwxr-xr-x  4096  2025-11-21 14:05  app",
                "lrwxrwxrwx     7  2025-11-21 14:05  current -> app/v2",
                "-rw-r--r--    12  2025-11-21 14:05  new\\nline.txt",
            ],
            rows);
    }

    private static FileEntryView Entry(string name, string type, int mode, long size) => new()
    {
        Name = name,
        Type = type,
        Mode = mode,
        Size = size,
        ModifiedUnixMs = When.ToUnixTimeMilliseconds(),
    };
}
