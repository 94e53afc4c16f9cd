namespace Octopoda.Cli.Files;

/// <summary>
/// The local directory a download lands in, checked before anything is asked of the Brain: it must exist, or with
/// <c>-f</c> it is created, and then removed again (as far as it was created and is empty) if the download fails.
/// </summary>
internal sealed class DownloadDirectory
{
    private readonly string? _createdTop;

    private DownloadDirectory(string path, string? createdTop)
    {
        Path = path;
        _createdTop = createdTop;
    }

    /// <summary>The directory, absolute.</summary>
    public string Path { get; }

    /// <summary>
    /// Checks <paramref name="path"/> (absolute) is a directory, creating it with its parents when
    /// <paramref name="force"/> is set; throws <see cref="OctlUsageException"/> otherwise.
    /// </summary>
    public static DownloadDirectory Prepare(string path, bool force)
    {
        if (Directory.Exists(path))
        {
            return new DownloadDirectory(path, null);
        }

        if (System.IO.Path.Exists(path))
        {
            throw new OctlUsageException($"{path} is a file, not a directory: name the directory to download into");
        }

        if (!force)
        {
            throw new OctlUsageException($"{path} does not exist; use -f to create it, or name an existing directory");
        }

        var topmost = path;
        for (var parent = System.IO.Path.GetDirectoryName(path); parent is not null && !System.IO.Path.Exists(parent); parent = System.IO.Path.GetDirectoryName(parent))
        {
            topmost = parent;
        }

        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot create {path}: {ex.Message}");
        }

        return new DownloadDirectory(path, topmost);
    }

    /// <summary>Removes what <see cref="Prepare"/> created, bottom up, as long as it is empty; best effort.</summary>
    public void RemoveCreated()
    {
        if (_createdTop is null)
        {
            return;
        }

        for (var directory = Path; directory is not null; directory = System.IO.Path.GetDirectoryName(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            if (string.Equals(directory, _createdTop, StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
