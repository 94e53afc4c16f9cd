using System.Formats.Tar;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Files;

/// <summary>
/// The Brain's file store (<c>octl file upload … brain</c>, <c>file ls brain</c>, <c>file spread</c>): tar streams
/// kept under names like <c>releases/app.tgz</c>, one store per account
/// (<c>&lt;dataDir&gt;/files/store/+room1+alice/…</c>; the administrator's is <c>+</c>). A stream arrives through
/// the <see cref="FileSpool"/> (so the transfer limit and hashing apply) and is renamed in, replacing an older one
/// at once; spreading copies it back into the spool under a new transfer, so a later replace or delete never
/// disturbs a delivery under way.
/// </summary>
internal sealed class FileStore(FileSpool spool, IOptions<BrainOptions> options)
{
    private const int MaxNameChars = 512;
    private const int MaxDepth = 16;
    private const int MaxListed = 5000;

    public const string NameRule = "a relative name of 1 to 16 parts separated by '/', at most 512 characters, without '.' or '..' parts or control characters";

    private string Root { get; } = Path.Combine(options.Value.DataDirectory, "files", "store");

    /// <summary>Why <paramref name="name"/> cannot name a stored file, or null when it can.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameChars || name.Any(char.IsControl) || name.StartsWith('/') || name.EndsWith('/'))
        {
            return $"'{name}' is not a store name: {NameRule}";
        }

        var parts = name.Split('/');
        return parts.Length > MaxDepth || parts.Any(p => p is "" or "." or "..")
            ? $"'{name}' is not a store name: {NameRule}"
            : null;
    }

    /// <summary>Moves the spooled stream <paramref name="transferId"/> into the store as <paramref name="name"/>.</summary>
    public FileEntryView Keep(WorkgroupPath account, string name, string transferId)
    {
        var path = PathOf(account, name);
        var refused = Conflict(account, name);
        if (refused is not null)
        {
            spool.Delete(transferId);
            throw new RequestRefusedException(StatusCodes.Status409Conflict, refused);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        spool.MoveOut(transferId, path);
        return Describe(name, path);
    }

    /// <summary>The stored files whose names are <paramref name="prefix"/> or lie under it (everything when empty).</summary>
    public FileListing List(WorkgroupPath account, string? prefix)
    {
        prefix = prefix?.Trim('/') ?? "";
        var directory = AccountDirectory(account);
        var entries = new List<FileEntryView>();
        var truncated = false;
        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
                if (prefix.Length > 0 && name != prefix && !name.StartsWith(prefix + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (entries.Count == MaxListed)
                {
                    truncated = true;
                    break;
                }

                entries.Add(Describe(name, path));
            }
        }

        return new FileListing { Path = "brain:" + prefix, Entries = entries, Truncated = truncated };
    }

    /// <summary>Removes a stored file; false when there is none of that name.</summary>
    public bool Delete(WorkgroupPath account, string name)
    {
        var path = PathOf(account, name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        // Directories that only held it go too, up to the account's.
        var root = AccountDirectory(account);
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir != root && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
        {
            Directory.Delete(dir);
        }

        return true;
    }

    /// <summary>Copies a stored file into the spool under a new transfer, for delivery to nodes.</summary>
    public async Task<(long Length, string Sha256)> CopyToSpoolAsync(WorkgroupPath account, string name, string transferId, CancellationToken cancellationToken)
    {
        FileStream stored;
        try
        {
            stored = new FileStream(PathOf(account, name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 17, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw RequestRefusedException.NotFound($"There is no '{name}' in {Owner(account)} file store; `octl file ls brain` lists it. Nothing was sent.");
        }

        await using (stored)
        {
            return await spool.ReceiveAsync(transferId, stored, cancellationToken);
        }
    }

    private static string Owner(WorkgroupPath account) => account.IsRoot ? "the administrator's" : $"{account.Value}'s";

    /// <summary>Why <paramref name="name"/> clashes with what is stored (a part of it is a file, or it is a directory of others).</summary>
    private string? Conflict(WorkgroupPath account, string name)
    {
        if (Directory.Exists(PathOf(account, name)))
        {
            return $"'{name}' holds other stored files ({name}/…); pick another name or remove those first. Nothing was stored.";
        }

        var parts = name.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var parent = string.Join('/', parts[..i]);
            if (File.Exists(PathOf(account, parent)))
            {
                return $"'{parent}' is a stored file, so '{name}' cannot be stored under it; pick another name. Nothing was stored.";
            }
        }

        return null;
    }

    private string AccountDirectory(WorkgroupPath account) => Path.Combine(Root, "+" + string.Join('+', account.Segments));

    private string PathOf(WorkgroupPath account, string name) =>
        CheckName(name) is { } error ? throw RequestRefusedException.BadRequest(error) : Path.Combine(AccountDirectory(account), name);

    /// <summary>What the stream holds, from its first entry: a file (its size), a directory or a link.</summary>
    private static FileEntryView Describe(string name, string path)
    {
        var info = new FileInfo(path);
        try
        {
            using var stream = info.OpenRead();
            using var reader = new TarReader(stream);
            if (reader.GetNextEntry(copyData: false) is { } entry)
            {
                return new FileEntryView
                {
                    Name = name,
                    Type = entry.EntryType switch
                    {
                        TarEntryType.Directory => FileEntryView.Directory,
                        TarEntryType.SymbolicLink => FileEntryView.Symlink,
                        TarEntryType.RegularFile or TarEntryType.V7RegularFile => FileEntryView.File,
                        _ => FileEntryView.Other,
                    },
                    Size = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? entry.Length : info.Length,
                    Mode = (int)entry.Mode,
                    ModifiedUnixMs = entry.ModificationTime.ToUnixTimeMilliseconds(),
                    LinkTarget = entry.EntryType == TarEntryType.SymbolicLink ? entry.LinkName : null,
                };
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            // Not a tar stream the Brain can read; listed as it is on disk.
        }

        return new FileEntryView { Name = name, Type = FileEntryView.Other, Size = info.Length, Mode = 0, ModifiedUnixMs = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds() };
    }
}
