namespace Octopoda.Cli.Commands;

/// <summary>A local script for <c>-ss</c>, read whole: it travels to each node inside the task.</summary>
internal sealed record ScriptFile(string Name, string Text)
{
    /// <summary>
    /// Largest script accepted. The script rides in one task-dispatch frame, capped at 4 MiB
    /// (<c>ProtocolInfo.MaxFrameBytes</c>); JSON escaping can double text, so 1 MiB keeps well clear of it.
    /// </summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Reads <paramref name="path"/> (relative to <paramref name="directory"/>); throws <see cref="OctlUsageException"/> when it cannot.</summary>
    public static ScriptFile Read(string path, string directory)
    {
        var full = Path.GetFullPath(path, directory);
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw new OctlUsageException($"the script {full} does not exist");
            }

            if (info.Length > MaxBytes)
            {
                throw new OctlUsageException(
                    $"the script {full} is {info.Length} bytes; the limit is {MaxBytes} (1 MiB): push large files with a file transfer instead");
            }

            return new ScriptFile(info.Name, File.ReadAllText(full));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot read the script {full}: {ex.Message}");
        }
    }
}
