namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// Makes a directory hold a snapshot. Every path the snapshot names ends up exactly as the snapshot has it (content,
/// permission bits, link target), even one the current rules ignore, as git's checkout does: afterwards the directory's
/// hash is the version's, so the history appended after a reset is true. Every other path the current walk saw is
/// deleted unless the snapshot's own rules ignore it; what the current rules ignore was never walked, so it is never
/// deleted (a directory emptied around ignored content stays). Files are written to a temporary name beside them and
/// renamed into place, so a reader sees the old or the new content, never a mix.
/// </summary>
internal sealed class SnapshotRestorer
{
    private const int OwnerAll = 0x1C0;
    private const string TempPrefix = ".octopoda-restore-";

    private readonly ObjectStore _objects;
    private readonly IgnoreRules _targetRules;
    private readonly CancellationToken _cancellationToken;

    private SnapshotRestorer(ObjectStore objects, IgnoreRules targetRules, CancellationToken cancellationToken)
    {
        _objects = objects;
        _targetRules = targetRules;
        _cancellationToken = cancellationToken;
    }

    /// <param name="root">The NodeApp directory.</param>
    /// <param name="current">A hash-only walk of <paramref name="root"/> taken just before, with the current rules.</param>
    /// <param name="target">The snapshot to restore, loaded with its rules.</param>
    /// <param name="objects">Where the target's blobs are.</param>
    /// <param name="cancellationToken">Stops between entries.</param>
    public static void Restore(string root, Snapshot current, Snapshot target, ObjectStore objects, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        new SnapshotRestorer(objects, target.Rules, cancellationToken).ApplyDirectory(root, "", current.Root.Entries, target.Root, isRoot: true);
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private static void SetMode(string path, int mode) => File.SetUnixFileMode(path, (UnixFileMode)(mode & UnixStat.PermissionBits));

    /// <summary>Lets this process change a directory's entries until its own mode is set at the end.</summary>
    private static void MakeWritable(string path)
    {
        var mode = (int)File.GetUnixFileMode(path);
        if ((mode & OwnerAll) != OwnerAll)
        {
            SetMode(path, mode | OwnerAll);
        }
    }

    /// <summary>Deletes whatever is at <paramref name="path"/> (a directory with all it holds; a link, not what it points at).</summary>
    private static void RemoveAny(string path)
    {
        if (UnixStat.Lstat(path) is { Kind: EntryKind.Directory })
        {
            TreeRemoval.DeleteDirectory(path);
        }
        else
        {
            File.Delete(path);
        }
    }

    private void ApplyDirectory(string absolute, string relative, IReadOnlyDictionary<string, SnapshotEntry> current, SnapshotEntry target, bool isRoot)
    {
        MakeWritable(absolute);
        foreach (var (name, entry) in current)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var wanted = target.Entries.GetValueOrDefault(name);
            if (wanted?.Kind == entry.Kind)
            {
                continue;
            }

            var path = Path.Join(absolute, name);
            if (wanted is not null)
            {
                RemoveAny(path); // the snapshot names this path with another kind: the snapshot wins
            }
            else if (!_targetRules.IsIgnored(Join(relative, name), entry.Kind == EntryKind.Directory))
            {
                Remove(path, Join(relative, name), entry);
            }
        }

        foreach (var (name, wanted) in target.Entries)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Join(absolute, name);
            var existing = current.GetValueOrDefault(name);
            switch (wanted.Kind)
            {
                case EntryKind.File when existing is { Kind: EntryKind.File } && existing.Hash == wanted.Hash:
                    if (existing.Mode != wanted.Mode)
                    {
                        SetMode(path, wanted.Mode);
                    }

                    break;
                case EntryKind.File:
                    WriteFile(absolute, path, wanted);
                    break;
                case EntryKind.Link when existing is { Kind: EntryKind.Link } && existing.LinkTarget == wanted.LinkTarget:
                    break;
                case EntryKind.Link:
                    WriteLink(absolute, path, wanted.LinkTarget!);
                    break;
                case EntryKind.Directory when existing is { Kind: EntryKind.Directory }:
                    ApplyDirectory(path, Join(relative, name), existing.Entries, wanted, isRoot: false);
                    break;
                default:
                    // Absent, or there but not walked (ignored by the current rules): make it a directory and fill it.
                    if (UnixStat.Lstat(path) is { Kind: not EntryKind.Directory })
                    {
                        File.Delete(path);
                    }

                    Directory.CreateDirectory(path);
                    ApplyDirectory(path, Join(relative, name), current: new Dictionary<string, SnapshotEntry>(), wanted, isRoot: false);
                    break;
            }
        }

        if (!isRoot)
        {
            SetMode(absolute, target.Mode);
        }
    }

    /// <summary>Deletes an entry the snapshot does not have, keeping anything inside it that either rule set ignores.</summary>
    private void Remove(string path, string relative, SnapshotEntry entry)
    {
        if (entry.Kind != EntryKind.Directory)
        {
            File.Delete(path);
            return;
        }

        MakeWritable(path);
        foreach (var (name, child) in entry.Entries)
        {
            if (!_targetRules.IsIgnored(Join(relative, name), child.Kind == EntryKind.Directory))
            {
                Remove(Path.Join(path, name), Join(relative, name), child);
            }
        }

        if (!Directory.EnumerateFileSystemEntries(path).Any())
        {
            Directory.Delete(path);
        }
    }

    private void WriteFile(string directory, string path, SnapshotEntry wanted)
    {
        var temp = Path.Join(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                _objects.CopyTo(wanted.Hash, stream);
            }

            SetMode(temp, wanted.Mode);
            if (UnixStat.Lstat(path) is { Kind: EntryKind.Directory })
            {
                TreeRemoval.DeleteDirectory(path);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void WriteLink(string directory, string path, string target)
    {
        var temp = Path.Join(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            File.CreateSymbolicLink(temp, target);
            if (UnixStat.Lstat(path) is { Kind: EntryKind.Directory })
            {
                TreeRemoval.DeleteDirectory(path);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
