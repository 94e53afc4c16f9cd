namespace Octopoda.Protocol.Files;

/// <summary>
/// The entries of a file or directory tree as <see cref="TreeArchiver"/> writes them: a file travels as one entry
/// named by its file name; a directory as <c>name/</c> and everything under it, so it lands as
/// <c>&lt;targetDir&gt;/name</c>. Symbolic links inside a tree are entries of their own, never followed.
/// </summary>
public static class ArchiveTree
{
    private static readonly EnumerationOptions EveryEntry = new()
    {
        // The defaults skip hidden entries, which on Unix are the dot files; a transfer sends all of them.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Every entry of the tree at <paramref name="fullPath"/> with its name in the archive, top entry
    /// <paramref name="entryName"/>, parents before children and siblings in ordinal order: directories (named with a
    /// trailing slash), files, symbolic links, and whatever else a tree holds (the archiver skips that). Enumerated
    /// lazily, so an unreadable directory throws when it is reached.
    /// </summary>
    public static IEnumerable<(FileSystemInfo Info, string Name)> Entries(string fullPath, string entryName, bool isDirectory) =>
        isDirectory ? Walk(new DirectoryInfo(fullPath), entryName) : [(new FileInfo(fullPath), entryName)];

    private static IEnumerable<(FileSystemInfo Info, string Name)> Walk(DirectoryInfo directory, string name)
    {
        yield return (directory, name + "/");
        foreach (var child in directory.EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var childName = $"{name}/{child.Name}";
            if (child is DirectoryInfo subdirectory && child.LinkTarget is null)
            {
                foreach (var entry in Walk(subdirectory, childName))
                {
                    yield return entry;
                }
            }
            else
            {
                yield return (child, childName);
            }
        }
    }
}
