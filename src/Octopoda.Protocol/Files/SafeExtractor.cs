using System.Formats.Tar;

namespace Octopoda.Protocol.Files;

/// <summary>
/// Extracts a tar stream into <c>&lt;targetDir&gt;/.octopoda-staging-&lt;transferId&gt;</c> (the target's own file system,
/// so placing is a rename), refusing the whole archive at the first entry that could reach outside the target:
/// absolute names, <c>..</c> segments, NUL, hard links, devices, FIFOs, symbolic links that lead out (absolutely,
/// by climbing, or through other links), and entries under a link. Files keep their permission bits (never
/// setuid, setgid or sticky) and modification times; directories get theirs after their contents are written.
/// A failed extraction leaves no staging directory behind.
/// </summary>
/// <remarks>
/// System.Formats.Tar's reader splits PAX records at newlines, so a name or link target holding a newline cannot
/// travel in a PAX header (the archive reads as corrupt); senders write such entries as GNU entries, which carry
/// the name's bytes as they are. Names with spaces, quotes and any Unicode travel in PAX entries.
/// </remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SafeExtractor(int maxEntries = SafeExtractor.DefaultMaxEntries)
{
    /// <summary>Bounds the inodes one transfer can make (a tar of empty entries costs 1 KiB each: ~1 GB of archive).</summary>
    public const int DefaultMaxEntries = 1_000_000;

    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF; // 0777
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string StagingPath(string targetDirectory, string transferId) =>
        Path.Join(targetDirectory, ArchiveNames.StagingPrefix + transferId);

    /// <summary>
    /// Extracts <paramref name="archive"/> and returns the staging directory holding the result. Its regular
    /// files may hold <paramref name="declaredSize"/> bytes in all (the transfer's size: a tar holds its files'
    /// bytes and more), so an archive claiming more is refused before it is written.
    /// </summary>
    public async Task<FileReceiveResult<string>> ExtractAsync(Stream archive, string targetDirectory, string transferId, long declaredSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var id = TransferIds.Check(transferId);
        if (!id.Succeeded)
        {
            return FileReceiveResult<string>.From(id);
        }

        if (!Directory.Exists(targetDirectory))
        {
            return FileReceiveResult<string>.Fail(FileFailure.TargetMissing, $"target directory {targetDirectory} does not exist; use -f to create it");
        }

        var staging = StagingPath(targetDirectory, transferId);
        FileReceiveResult<string>? result = null;
        try
        {
            // A staging directory of the same transfer is what an interrupted earlier attempt left.
            TreeDeleter.Delete(staging);
            Directory.CreateDirectory(staging, PrivateDirectory);
            result = await ExtractIntoAsync(archive, new StagedTree(staging), declaredSize, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            result = FileReceiveResult<string>.Fail(FileFailure.Corrupt, $"the archive of transfer {transferId} cannot be read ({ex.Message}): send the file again");
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result = FileReceiveResult<string>.From(FileErrors.From(ex, $"extracting transfer {transferId} into {targetDirectory}"));
            return result;
        }
        finally
        {
            if (result is not { Succeeded: true })
            {
                TreeDeleter.TryDelete(staging);
            }
        }
    }

    private async Task<FileReceiveResult<string>> ExtractIntoAsync(Stream archive, StagedTree tree, long declaredSize, CancellationToken cancellationToken)
    {
        var reader = new TarReader(archive, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            var entries = 0;
            var budget = declaredSize;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (++entries > maxEntries)
                {
                    return Fail(FileFailure.TooLarge, $"the archive holds more than {maxEntries:N0} entries, the most one transfer may create: send fewer files at a time");
                }

                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                {
                    if (entry.Length > budget)
                    {
                        return Fail(FileFailure.TooLarge, $"the archive's files add up to more than its declared {declaredSize} bytes (at '{FileErrors.Quote(entry.Name)}'); it is not the archive that was announced: send the file again");
                    }

                    budget -= entry.Length;
                }

                var outcome = await ExtractEntryAsync(entry, tree, cancellationToken).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    return FileReceiveResult<string>.From(outcome);
                }
            }
        }

        if (tree.FindEscapingLink() is { } escape)
        {
            return Fail(FileFailure.UnsafeArchive, escape);
        }

        tree.ApplyDirectoryAttributes();
        return FileReceiveResult<string>.Ok(tree.Root);
    }

    private static async Task<FileReceiveResult> ExtractEntryAsync(TarEntry entry, StagedTree tree, CancellationToken cancellationToken)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return FileReceiveResult.Success;
        }

        var refusal = Refusal(entry);
        if (refusal is not null)
        {
            return FileReceiveResult.Fail(FileFailure.UnsafeArchive, refusal);
        }

        if (!ArchiveNames.TrySplit(entry.Name, out var segments, out var error))
        {
            return FileReceiveResult.Fail(FileFailure.UnsafeArchive, error!);
        }

        var isDirectory = entry.EntryType == TarEntryType.Directory;
        if (segments.Length == 0)
        {
            // "./" in an archive made with tar -C dir .: the target directory itself, which keeps its own attributes.
            return isDirectory
                ? FileReceiveResult.Success
                : FileReceiveResult.Fail(FileFailure.UnsafeArchive, $"entry '{FileErrors.Quote(entry.Name)}' names the archive's root but is not a directory");
        }

        var prepared = tree.Prepare(segments, entry.Name, isDirectory);
        if (!prepared.Succeeded)
        {
            return FileReceiveResult.From(prepared);
        }

        var path = prepared.Value;
        if (isDirectory)
        {
            tree.AddDirectory(segments, path, entry.Mode & PermissionBits, entry.ModificationTime);
            return FileReceiveResult.Success;
        }

        if (entry.EntryType == TarEntryType.SymbolicLink)
        {
            var link = entry.LinkName;
            if (link.Length == 0 || link.Contains('\0', StringComparison.Ordinal))
            {
                return FileReceiveResult.Fail(FileFailure.UnsafeArchive, $"symbolic link '{FileErrors.Quote(entry.Name)}' has an empty target or one with a NUL character");
            }

            if (tree.AddLink(segments, link, entry.Name) is { } escape)
            {
                return FileReceiveResult.Fail(FileFailure.UnsafeArchive, escape);
            }

            File.CreateSymbolicLink(path, link);
            return FileReceiveResult.Success;
        }

        await WriteFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
        tree.AddFile(segments);
        return FileReceiveResult.Success;
    }

    /// <summary>Null for the entry types that are extracted (files, directories, links, attribute records).</summary>
    private static string? Refusal(TarEntry entry)
    {
        var name = FileErrors.Quote(entry.Name);
        return entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                or TarEntryType.Directory or TarEntryType.SymbolicLink => null,
            TarEntryType.HardLink => $"entry '{name}' is a hard link, which is not accepted: archive the file itself (tar --hard-dereference)",
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice => $"entry '{name}' is a device node, which is not accepted: only files, directories and symbolic links are",
            TarEntryType.Fifo => $"entry '{name}' is a FIFO, which is not accepted: only files, directories and symbolic links are",
            _ => $"entry '{name}' has the tar type {entry.EntryType}, which is not accepted: only files, directories and symbolic links are",
        };
    }

    private static async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        // CreateNew never follows or replaces anything at the path; the archive's mode comes after the data, so a
        // read-only file can still be written, and it is set on the open handle.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = PrivateFile,
            BufferSize = 1 << 16,
        };
        var file = new FileStream(path, options);
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            if (file.Length != entry.Length)
            {
                throw new EndOfStreamException($"entry '{FileErrors.Quote(entry.Name)}' holds {file.Length} of its {entry.Length} bytes");
            }

            // On disk before it can be renamed into place: a rename that survives a power cut must not reveal an
            // empty file.
            file.Flush(flushToDisk: true);
            File.SetUnixFileMode(file.SafeFileHandle, entry.Mode & PermissionBits);
            File.SetLastWriteTimeUtc(file.SafeFileHandle, entry.ModificationTime.UtcDateTime);
        }
    }

    private static FileReceiveResult<string> Fail(FileFailure failure, string error) => FileReceiveResult<string>.Fail(failure, error);
}
