using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>
/// Finds what a resolved path names on this node without following a symbolic link there (lstat), or says in words
/// why there is nothing to find: missing, or hidden from the Tentacle's user.
/// </summary>
internal static class PathLookup
{
    /// <summary>
    /// A <see cref="DirectoryInfo"/> for a directory, a <see cref="FileInfo"/> for anything else (a symbolic link,
    /// even to a directory, has its <see cref="FileSystemInfo.LinkTarget"/> set); or a failure naming the path and
    /// <paramref name="nodeName"/>.
    /// </summary>
    public static FileReceiveResult<FileSystemInfo> Find(string path, string nodeName)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null)
        {
            return FileReceiveResult<FileSystemInfo>.Ok(file);
        }

        if (Directory.Exists(path))
        {
            return FileReceiveResult<FileSystemInfo>.Ok(new DirectoryInfo(path));
        }

        if (file.Exists)
        {
            return FileReceiveResult<FileSystemInfo>.Ok(file);
        }

        return FileReceiveResult<FileSystemInfo>.Fail(FileFailure.InvalidPath, WhyMissing(path, nodeName));
    }

    /// <summary>Why nothing was found at <paramref name="path"/>: a stat tells a missing path from a forbidden one.</summary>
    private static string WhyMissing(string path, string nodeName)
    {
        var shown = FileErrors.Quote(path);
        try
        {
            _ = File.GetAttributes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Missing, as expected: said below.
        }
        catch (UnauthorizedAccessException)
        {
            return $"{shown} cannot be read on {nodeName}: permission denied to the Tentacle's user; check the permissions of it and its parent directories";
        }
        catch (IOException ex)
        {
            return $"{shown} cannot be read on {nodeName}: {ex.Message}";
        }

        return $"{shown} does not exist on {nodeName}: check the path (list its parent directory to see what is there)";
    }
}
