using System.Globalization;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// A <see cref="FileListing"/> as <c>ls -l</c> shows one: type and permissions (<c>drwxr-xr-x</c>), size in bytes,
/// modification time in the local zone (<c>2025-11-21 13:00</c>) and the name, with <c>-&gt; target</c> for a link.
/// Names are shown with control characters escaped (<c>\n</c>), so one entry is one line.
/// </summary>
internal static class FileListingView
{
    /// <summary>One line per entry, columns aligned.</summary>
    public static IReadOnlyList<string> Rows(FileListing listing, TimeZoneInfo zone)
    {
        var sizeWidth = listing.Entries.Select(e => Size(e).Length).DefaultIfEmpty(0).Max();
        return listing.Entries
            .Select(e => $"{Mode(e)}  {Size(e).PadLeft(sizeWidth)}  {Time(e, zone)}  {Name(e)}")
            .ToArray();
    }

    /// <summary><c>-rw-r--r--</c>: the type (<c>d</c>, <c>l</c>, <c>-</c>, or <c>?</c> for anything else) and the nine permission bits, with setuid, setgid and sticky as <c>ls</c> shows them.</summary>
    public static string Mode(FileEntryView entry)
    {
        var mode = entry.Mode;
        Span<char> text = stackalloc char[10];
        text[0] = entry.Type switch
        {
            FileEntryView.Directory => 'd',
            FileEntryView.Symlink => 'l',
            FileEntryView.File => '-',
            _ => '?',
        };
        WriteTriple(text[1..4], mode >> 6, special: (mode & 0x800) != 0, 's');
        WriteTriple(text[4..7], mode >> 3, special: (mode & 0x400) != 0, 's');
        WriteTriple(text[7..10], mode, special: (mode & 0x200) != 0, 't');
        return new string(text);
    }

    private static void WriteTriple(Span<char> text, int bits, bool special, char specialLetter)
    {
        text[0] = (bits & 4) != 0 ? 'r' : '-';
        text[1] = (bits & 2) != 0 ? 'w' : '-';
        var execute = (bits & 1) != 0;
        text[2] = special
            ? (execute ? specialLetter : char.ToUpperInvariant(specialLetter))
            : (execute ? 'x' : '-');
    }

    private static string Size(FileEntryView entry) => entry.Size.ToString(CultureInfo.InvariantCulture);

    private static string Time(FileEntryView entry, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(entry.ModifiedUnixMs), zone)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Name(FileEntryView entry) =>
        entry.LinkTarget is { } target
            ? $"{FileErrors.Quote(entry.Name)} -> {FileErrors.Quote(target)}"
            : FileErrors.Quote(entry.Name);
}
