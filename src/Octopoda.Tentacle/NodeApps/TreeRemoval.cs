namespace Octopoda.Tentacle.NodeApps;

/// <summary>Deletes a directory tree, links included but never followed, even where a script left directories read-only.</summary>
internal static class TreeRemoval
{
    private const int OwnerAll = 0x1C0;

    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            MakeWritable(path);
            Directory.Delete(path, recursive: true);
        }
    }

    private static void MakeWritable(string directory)
    {
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | (UnixFileMode)OwnerAll);
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (UnixStat.Lstat(child) is { Kind: EntryKind.Directory })
            {
                MakeWritable(child);
            }
        }
    }
}
