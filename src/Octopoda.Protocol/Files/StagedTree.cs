namespace Octopoda.Protocol.Files;

/// <summary>
/// What an extraction has created in its staging directory so far, keyed by relative path. It is how the
/// extractor knows, without asking the file system, that a parent is a directory it made (never a symbolic link
/// from the archive, so nothing is written through a link), that a name is not used twice, and where each link
/// leads once links that point at links are followed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StagedTree(string root)
{
    /// <summary>Linux follows at most 40 links in one lookup (MAXSYMLINKS); a longer chain is refused like a loop.</summary>
    private const int MaxLinkHops = 40;

    /// <summary>Directories are created searchable and writable by us; the archive's mode is applied at the end.</summary>
    private const UnixFileMode WorkingDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly Dictionary<string, EntryKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly List<DirectoryAttributes> _directories = [];

    private enum EntryKind
    {
        Directory,
        File,
        Link,
    }

    public string Root => root;

    /// <summary>
    /// Makes the entry's parent directories (those the archive did not list) and checks its own name is free —
    /// or, for a directory, already a directory. Returns the entry's full path.
    /// </summary>
    public FileReceiveResult<string> Prepare(string[] segments, string name, bool isDirectory)
    {
        var path = root;
        for (var i = 0; i < segments.Length; i++)
        {
            path = Path.Join(path, segments[i]);
            var key = Key(segments, i + 1);
            var last = i == segments.Length - 1;
            if (!_kinds.TryGetValue(key, out var kind))
            {
                if (!last)
                {
                    Directory.CreateDirectory(path, WorkingDirectoryMode);
                    _kinds[key] = EntryKind.Directory;
                }

                continue;
            }

            if (last)
            {
                if (!(isDirectory && kind == EntryKind.Directory))
                {
                    return Unsafe($"entry '{FileErrors.Quote(name)}' appears twice in the archive");
                }
            }
            else if (kind == EntryKind.Link)
            {
                return Unsafe($"entry '{FileErrors.Quote(name)}' lies under the symbolic link '{FileErrors.Quote(key)}'; nothing is written through a link, since it could lead outside the target directory");
            }
            else if (kind == EntryKind.File)
            {
                return Unsafe($"entry '{FileErrors.Quote(name)}' lies under '{FileErrors.Quote(key)}', which the archive made a file");
            }
        }

        return FileReceiveResult<string>.Ok(path);
    }

    public void AddDirectory(string[] segments, string path, UnixFileMode mode, DateTimeOffset modified)
    {
        Directory.CreateDirectory(path, WorkingDirectoryMode);
        _kinds[Key(segments, segments.Length)] = EntryKind.Directory;
        _directories.Add(new DirectoryAttributes(path, segments.Length, mode, modified));
    }

    public void AddFile(string[] segments) => _kinds[Key(segments, segments.Length)] = EntryKind.File;

    /// <summary>
    /// Checks where a link would lead from its place under the target directory, following the links made so far;
    /// null if it stays inside, else why not. The link is recorded only when it stays inside.
    /// </summary>
    public string? AddLink(string[] segments, string target, string name)
    {
        var key = Key(segments, segments.Length);
        _links[key] = target;
        var escape = Escape(key, name);
        if (escape is not null)
        {
            _links.Remove(key);
            return escape;
        }

        _kinds[key] = EntryKind.Link;
        return null;
    }

    /// <summary>
    /// Checks every link again once the whole archive is known: a link checked early may lead through a link that
    /// came later in the archive (<c>b -&gt; a/..</c>, then <c>a -&gt; ..</c>).
    /// </summary>
    public string? FindEscapingLink()
    {
        foreach (var key in _links.Keys)
        {
            if (Escape(key, key) is { } escape)
            {
                return escape;
            }
        }

        return null;
    }

    /// <summary>Applies directories' modes and times, deepest first, after everything inside them was written.</summary>
    public void ApplyDirectoryAttributes()
    {
        foreach (var directory in _directories.OrderByDescending(d => d.Depth))
        {
            File.SetUnixFileMode(directory.Path, directory.Mode);
            Directory.SetLastWriteTimeUtc(directory.Path, directory.Modified.UtcDateTime);
        }
    }

    private string? Escape(string linkKey, string name)
    {
        var target = _links[linkKey];
        if (target.StartsWith('/'))
        {
            return $"symbolic link '{FileErrors.Quote(name)}' points to the absolute path '{FileErrors.Quote(target)}'; links must stay inside the target directory";
        }

        // Walk the target from the link's directory as the kernel would, substituting links made by this archive.
        var position = linkKey.Split('/').SkipLast(1).ToList();
        var pending = new Stack<string>(target.Split('/').Reverse());
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (position.Count == 0)
                {
                    return $"symbolic link '{FileErrors.Quote(name)}' -> '{FileErrors.Quote(target)}' leads outside the target directory";
                }

                position.RemoveAt(position.Count - 1);
                continue;
            }

            position.Add(segment);
            if (_links.TryGetValue(string.Join('/', position), out var next))
            {
                if (++hops > MaxLinkHops || next.StartsWith('/'))
                {
                    return $"symbolic link '{FileErrors.Quote(name)}' -> '{FileErrors.Quote(target)}' leads through too many links, or to an absolute path";
                }

                position.RemoveAt(position.Count - 1);
                foreach (var part in next.Split('/').Reverse())
                {
                    pending.Push(part);
                }
            }
        }

        return null;
    }

    private static string Key(string[] segments, int count) => string.Join('/', segments, 0, count);

    private static FileReceiveResult<string> Unsafe(string error) => FileReceiveResult<string>.Fail(FileFailure.UnsafeArchive, error);

    private sealed record DirectoryAttributes(string Path, int Depth, UnixFileMode Mode, DateTimeOffset Modified);
}
