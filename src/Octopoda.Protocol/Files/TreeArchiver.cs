using System.Formats.Tar;

namespace Octopoda.Protocol.Files;

/// <summary>
/// Writes a file or directory tree as tar entries (PAX, or GNU for names with a newline): directories, regular files
/// and symbolic links (as links), each with its permission bits and modification time. Every tar stream Octopoda
/// makes goes through here (octl's uploads, a Tentacle's <c>file.pull</c>), so every receiver reads the same format.
/// Entries are built here rather than by <see cref="TarWriter.WriteEntryAsync(string, string?, CancellationToken)"/>,
/// which would turn a second name of a hard-linked file into a hard-link entry (receivers take the file itself) and
/// archive FIFOs and devices (which receivers refuse; these are skipped with a warning).
/// </summary>
public static class TreeArchiver
{
    /// <summary>The mode of a symbolic link on Linux, whose own permission bits mean nothing.</summary>
    private const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111;

    /// <summary>
    /// Archives <paramref name="entries"/> (see <see cref="ArchiveTree.Entries"/>) into <paramref name="tar"/>,
    /// reporting file bytes read to <paramref name="progress"/> and each entry skipped to <paramref name="skipped"/>
    /// (its path and what it is: <c>a FIFO</c>, <c>a socket or another special file</c>…, for the caller to word).
    /// A file or directory that cannot be read throws its <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>, for the caller to word; so does a failing write to the tar.
    /// </summary>
    public static async Task WriteAsync(
        TarWriter tar,
        IEnumerable<(FileSystemInfo Info, string Name)> entries,
        Action<long> progress,
        Action<string, string> skipped,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(skipped);
        foreach (var (info, name) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteEntryAsync(tar, info, name, progress, skipped, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteEntryAsync(
        TarWriter tar, FileSystemInfo info, string name, Action<long> progress, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        // Read the entry's status now, not when it was listed: the tree may change while it is being archived.
        info.Refresh();
        if (info.LinkTarget is { } link)
        {
            var linkEntry = NewEntry(TarEntryType.SymbolicLink, name, link);
            linkEntry.LinkName = link;
            linkEntry.Mode = LinkMode;
            linkEntry.ModificationTime = info.LastWriteTimeUtc;
            await tar.WriteEntryAsync(linkEntry, cancellationToken).ConfigureAwait(false);
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
            await tar.WriteEntryAsync(directoryEntry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = (FileInfo)info;
        if (SpecialFiles.Describe(file) is { } kind)
        {
            skipped(file.FullName, kind);
            return;
        }

        var stream = new FileStream(file.FullName, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        var content = new FileContentStream(stream, progress);
        await using (content.ConfigureAwait(false))
        {
            var entry = NewEntry(TarEntryType.RegularFile, name);
            entry.Mode = file.UnixFileMode;
            entry.ModificationTime = file.LastWriteTimeUtc;
            entry.DataStream = content;
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
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
