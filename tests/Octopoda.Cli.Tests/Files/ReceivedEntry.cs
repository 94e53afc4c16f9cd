using System.Formats.Tar;

namespace Octopoda.Cli.Tests.Files;

/// <summary>One entry of a tar stream as the fake Brain read it back; <see cref="Content"/> is null for large files.</summary>
internal sealed record ReceivedEntry(
    string Name, TarEntryType Type, UnixFileMode Mode, DateTimeOffset ModificationTime, string LinkName, long Length, byte[]? Content, string Sha256);
