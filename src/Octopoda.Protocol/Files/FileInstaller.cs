namespace Octopoda.Protocol.Files;

/// <summary>
/// Puts a verified transfer in place: checks (or with <c>force</c> creates) the target directory, extracts the
/// spooled archive into staging beside the target, then renames the entries in. When it fails, nothing of the
/// transfer is left: no staging, and no target directory it created for it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileInstaller(SafeExtractor extractor)
{
    public async Task<FileReceiveResult<PlacedEntries>> InstallAsync(string archivePath, string targetDirectory, bool force, string transferId, long declaredSize, CancellationToken cancellationToken = default)
    {
        var prepared = AtomicPlacer.PrepareTarget(targetDirectory, force);
        if (!prepared.Succeeded)
        {
            return FileReceiveResult<PlacedEntries>.From(prepared);
        }

        var placed = false;
        try
        {
            FileReceiveResult<string> staged;
            try
            {
                var archive = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                await using (archive.ConfigureAwait(false))
                {
                    staged = await extractor.ExtractAsync(archive, targetDirectory, transferId, declaredSize, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return FileReceiveResult<PlacedEntries>.From(FileErrors.From(ex, $"reading the spooled archive {archivePath}"));
            }

            if (!staged.Succeeded)
            {
                return FileReceiveResult<PlacedEntries>.From(staged);
            }

            var result = AtomicPlacer.Place(staged.Value, targetDirectory, transferId, force: false);
            placed = result.Succeeded;
            return result;
        }
        finally
        {
            if (!placed && prepared.Value.Length > 0)
            {
                RemoveCreated(targetDirectory, prepared.Value);
            }
        }
    }

    /// <summary>Removes the directories made for the target, bottom up, as long as they are empty.</summary>
    private static void RemoveCreated(string targetDirectory, string topmost)
    {
        for (var directory = targetDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            if (string.Equals(directory, topmost, StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
