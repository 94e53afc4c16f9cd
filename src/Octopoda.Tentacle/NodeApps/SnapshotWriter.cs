using System.Text;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// Walks a NodeApp directory and builds its snapshot: every file, link and directory that no <c>.gitignore</c>
/// excludes (an ignored directory is not entered), links never followed, fifos, sockets and devices left out. With an
/// <see cref="ObjectStore"/> every blob and tree is stored; without one the walk only hashes (to compare the directory
/// with a version before a reset, leaving no objects behind).
/// </summary>
internal sealed class SnapshotWriter
{
    /// <summary>The most entries a snapshot holds; a bigger directory is refused rather than walked for minutes.</summary>
    public const int MaxEntries = 100_000;

    private static readonly EnumerationOptions EveryEntry = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly ObjectStore? _objects;
    private readonly StatCache _cache;
    private readonly int _maxEntries;
    private readonly CancellationToken _cancellationToken;
    private readonly IgnoreRules _rules = new();
    private int _entries;

    private SnapshotWriter(ObjectStore? objects, StatCache cache, int maxEntries, CancellationToken cancellationToken)
    {
        _objects = objects;
        _cache = cache;
        _maxEntries = maxEntries;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Snapshots <paramref name="root"/>; <see cref="IOException"/> when it holds more than <paramref name="maxEntries"/> entries.</summary>
    public static Snapshot Take(string root, ObjectStore? objects, StatCache cache, CancellationToken cancellationToken, int maxEntries = MaxEntries)
    {
        var writer = new SnapshotWriter(objects, cache, maxEntries, cancellationToken);
        var tree = writer.WalkDirectory(root, "", mode: 0);
        return new Snapshot(tree, writer._rules);
    }

    private SnapshotEntry WalkDirectory(string absolute, string relative, int mode)
    {
        var names = Directory.EnumerateFileSystemEntries(absolute, "*", EveryEntry)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Contains(IgnoreRules.FileName)
            && UnixStat.Lstat(Path.Join(absolute, IgnoreRules.FileName)) is { Kind: EntryKind.File })
        {
            _rules.Add(relative, ReadText(Path.Join(absolute, IgnoreRules.FileName)));
        }

        var children = new SortedDictionary<string, SnapshotEntry>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Join(absolute, name);
            var childRelative = relative.Length == 0 ? name! : $"{relative}/{name}";
            if (UnixStat.Lstat(path) is not { Kind: { } kind } stat
                || _rules.IsIgnoredEntry(childRelative, kind == EntryKind.Directory))
            {
                continue;
            }

            if (++_entries > _maxEntries)
            {
                throw new IOException($"the directory holds more than {_maxEntries:N0} entries (files, directories and links not ignored); a NodeApp snapshot stops there: add the bulk to a .gitignore");
            }

            var entry = kind switch
            {
                EntryKind.Directory => WalkDirectory(path, childRelative, stat.Mode),
                EntryKind.Link => LinkEntry(path),
                _ => FileEntry(path, childRelative, stat),
            };
            if (entry is not null)
            {
                children[name!] = entry;
            }
        }

        var tree = TreeEncoding.Encode(children);
        var hash = _objects?.Put(tree) ?? TreeEncoding.HashOf(tree);
        return new SnapshotEntry(EntryKind.Directory, mode, hash, Children: children);
    }

    private SnapshotEntry? FileEntry(string path, string relative, EntryStat stat)
    {
        if (!_cache.TryGet(relative, stat, out var hash) || (_objects is not null && !_objects.Contains(hash)))
        {
            try
            {
                hash = _objects?.PutFile(path) ?? ObjectStore.HashFile(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null; // deleted while the walk ran
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"cannot read '{relative}': {e.Message}", e);
            }

            _cache.Record(relative, stat, hash);
        }

        return new SnapshotEntry(EntryKind.File, stat.Mode, hash);
    }

    private SnapshotEntry? LinkEntry(string path)
    {
        if (new FileInfo(path).LinkTarget is not { } target)
        {
            return null; // replaced while the walk ran
        }

        var bytes = Encoding.UTF8.GetBytes(target);
        var hash = _objects?.Put(bytes) ?? TreeEncoding.HashOf(bytes);
        return new SnapshotEntry(EntryKind.Link, SnapshotEntry.LinkMode, hash, target);
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // an unreadable .gitignore ignores nothing, as in git
        }
    }
}
