namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Lays an extracted source tree over a NodeApp directory: each entry replaces the one of the same name, directories
/// merge, and what the sources do not name (files a script made, ignored files) stays. A symbolic link in the way is
/// replaced, never written through, so a link a script left cannot lead a prepare outside the NodeApp.
/// </summary>
internal static class SourceOverlay
{
    /// <summary>Moves every entry of <paramref name="staging"/> into <paramref name="target"/>; returns how many were placed.</summary>
    public static int Apply(string staging, string target)
    {
        var placed = 0;
        foreach (var entry in new DirectoryInfo(staging).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo { LinkTarget: null } directory)
            {
                if (IsRealDirectory(destination))
                {
                    placed += Apply(directory.FullName, destination);
                    File.SetUnixFileMode(destination, directory.UnixFileMode);
                    continue;
                }

                Remove(destination);
                Directory.Move(directory.FullName, destination);
                placed += 1 + Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories).Count();
                continue;
            }

            if (IsRealDirectory(destination))
            {
                Directory.Delete(destination, recursive: true);
            }

            File.Move(entry.FullName, destination, overwrite: true);
            placed++;
        }

        return placed;
    }

    private static bool IsRealDirectory(string path) => new FileInfo(path).LinkTarget is null && Directory.Exists(path);

    private static void Remove(string path)
    {
        if (IsRealDirectory(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
