using System.Formats.Tar;

namespace Octopoda.Cli.Files;

/// <summary>
/// Writes an <see cref="UploadSource"/> as tar entries (PAX, or GNU for names with a newline): directories, regular
/// files and symbolic links (as links), each with its permission bits and modification time. Entries are built here
/// rather than by <see cref="TarWriter.WriteEntryAsync(string, string?, CancellationToken)"/>, which would turn a second
/// name of a hard-linked file into a hard-link entry (the nodes take the file itself) and archive FIFOs and devices
/// (which the nodes refuse; these are skipped with a warning).
/// </summary>
internal static class TreeArchiver
{
    /// <summary>The mode of a symbolic link on Linux, whose own permission bits mean nothing.</summary>
    private const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111;

    /// <summary>
    /// Archives <paramref name="source"/> into <paramref name="tar"/>, reporting file bytes read to
    /// <paramref name="progress"/> and each skipped entry to <paramref name="warn"/>. A file or directory that cannot
    /// be read is an <see cref="OctlUsageException"/> naming it.
    /// </summary>
    public static async Task WriteAsync(
        TarWriter tar, UploadSource source, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (info, name) in source.Entries())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteEntryAsync(tar, info, name, progress, warn, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot read the {(source.IsDirectory ? "directory" : "file")} to upload: {ex.Message}; nothing was uploaded");
        }
    }

    private static async Task WriteEntryAsync(
        TarWriter tar, FileSystemInfo info, string name, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        // Read the entry's status now, not when it was listed: the tree may change while it is being sent.
        info.Refresh();
        if (info.LinkTarget is { } link)
        {
            var linkEntry = NewEntry(TarEntryType.SymbolicLink, name, link);
            linkEntry.LinkName = link;
            linkEntry.Mode = LinkMode;
            linkEntry.ModificationTime = info.LastWriteTimeUtc;
            await tar.WriteEntryAsync(linkEntry, cancellationToken);
            return;
        }

        if (!info.Exists)
        {
            throw new IOException($"{info.FullName} disappeared while it was being read");
        }

        if (info is DirectoryInfo directory)
        {
            var directoryEntry = NewEntry(TarEntryType.Directory, name);
            directoryEntry.Mode = directory.UnixFileMode;
            directoryEntry.ModificationTime = directory.LastWriteTimeUtc;
            await tar.WriteEntryAsync(directoryEntry, cancellationToken);
            return;
        }

        var file = (FileInfo)info;
        if (SpecialFiles.Describe(file) is { } kind)
        {
            warn($"skipping {file.FullName}: it is {kind}; only files, directories and symbolic links are uploaded");
            return;
        }

        var stream = new FileStream(file.FullName, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        await using var content = new FileContentStream(stream, progress);
        var entry = NewEntry(TarEntryType.RegularFile, name);
        entry.Mode = file.UnixFileMode;
        entry.ModificationTime = file.LastWriteTimeUtc;
        entry.DataStream = content;
        await tar.WriteEntryAsync(entry, cancellationToken);
    }

    /// <summary>
    /// A PAX entry, or a GNU one when the name or link target holds a newline: .NET's TarReader (the nodes' too)
    /// splits PAX records at the first newline, so it cannot read such a name back from a PAX record, while a GNU entry
    /// carries it in its header or a long-name record, which it reads whole. The GNU entry keeps whole-second times.
    /// </summary>
    private static TarEntry NewEntry(TarEntryType type, string name, string? linkName = null) =>
        name.Contains('\n', StringComparison.Ordinal) || (linkName?.Contains('\n', StringComparison.Ordinal) ?? false)
            ? new GnuTarEntry(type, name)
            : new PaxTarEntry(type, name);
}
