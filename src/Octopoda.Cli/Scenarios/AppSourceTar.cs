using Octopoda.Cli.Files;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// An application's sources as the tar stream a prepare sends (streamed by <see cref="TarStreamSource"/>, as uploads
/// are): the <em>contents</em> of its sourcepath at the tar's top level, so they land in the NodeApp directory itself,
/// as the original's <c>sourcepath/.</c> did. An application without a sourcepath sends an empty archive, so its
/// NodeApp is still created and versioned.
/// </summary>
internal static class AppSourceTar
{
    private static readonly EnumerationOptions EveryEntry = new()
    {
        // The defaults skip hidden entries, which on Unix are the dot files (.gitignore among them); send all of them.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>Starts archiving <paramref name="directory"/>'s contents (nothing when null).</summary>
    public static TarStreamSource Start(string app, string? directory, Action<long> progress, Action<string> warn) => TarStreamSource.Start(
        () => Entries(directory),
        ex => $"cannot read the sources of application '{app}' ({directory}): {ex.Message}; nothing was prepared",
        "sent",
        progress,
        warn);

    /// <summary>
    /// The entries of <paramref name="directory"/>'s contents with their names in the archive: each child at the top
    /// level (a sub-directory as <c>name/</c> and everything under it), in ordinal order; none for null.
    /// </summary>
    public static IEnumerable<(FileSystemInfo Info, string Name)> Entries(string? directory)
    {
        if (directory is null)
        {
            yield break;
        }

        foreach (var child in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var tree = child is DirectoryInfo && child.LinkTarget is null;
            foreach (var entry in ArchiveTree.Entries(child.FullName, child.Name, tree))
            {
                yield return entry;
            }
        }
    }
}
