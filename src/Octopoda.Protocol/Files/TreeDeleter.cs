namespace Octopoda.Protocol.Files;

/// <summary>
/// Removes a file, link or directory tree without following links, including trees whose directories an archive
/// made read-only (removing an entry needs write permission on its directory, unless the Tentacle runs as root).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class TreeDeleter
{
    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Delete(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || !Directory.Exists(path))
        {
            // A link (to anything) or a file: unlink the name itself. Deleting a missing file is no error.
            File.Delete(path);
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            MakeWritable(path);
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>As <see cref="Delete"/>, for clean-up paths that must not replace the failure being reported.</summary>
    public static bool TryDelete(string path)
    {
        try
        {
            Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void MakeWritable(string directory)
    {
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | OwnerAll);
        foreach (var child in new DirectoryInfo(directory).EnumerateDirectories())
        {
            if (child.LinkTarget is null)
            {
                MakeWritable(child.FullName);
            }
        }
    }
}
