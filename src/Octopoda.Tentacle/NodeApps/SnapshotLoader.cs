using System.Text;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// Reads a version back from the object store: its whole tree, link targets, and the ignore rules of the
/// <c>.gitignore</c> files it holds. Every object it needs is checked here, so a reset finds a damaged store before
/// it changes anything.
/// </summary>
internal sealed class SnapshotLoader(ObjectStore objects)
{
    private readonly IgnoreRules _rules = new();

    /// <summary>The snapshot named <paramref name="hash"/>; <see cref="IOException"/> when an object is missing or damaged.</summary>
    public Snapshot Load(string hash)
    {
        var root = LoadTree(hash, mode: 0, relative: "");
        return new Snapshot(root, _rules);
    }

    private SnapshotEntry LoadTree(string hash, int mode, string relative)
    {
        IReadOnlyList<TreeEncoding.Line> lines;
        try
        {
            lines = TreeEncoding.Decode(objects.Read(hash));
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"object {hash} is not a tree: {e.Message}", e);
        }

        var children = new SortedDictionary<string, SnapshotEntry>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var path = relative.Length == 0 ? line.Name : $"{relative}/{line.Name}";
            children[line.Name] = line.Kind switch
            {
                EntryKind.Directory => LoadTree(line.Hash, line.Mode, path),
                EntryKind.Link => new SnapshotEntry(EntryKind.Link, line.Mode, line.Hash, Encoding.UTF8.GetString(objects.Read(line.Hash))),
                _ => LoadFile(line, relative),
            };
        }

        return new SnapshotEntry(EntryKind.Directory, mode, hash, Children: children);
    }

    private SnapshotEntry LoadFile(TreeEncoding.Line line, string directory)
    {
        if (line.Name == IgnoreRules.FileName)
        {
            _rules.Add(directory, Encoding.UTF8.GetString(objects.Read(line.Hash)));
        }
        else if (!objects.Contains(line.Hash))
        {
            throw new IOException($"object {line.Hash} is missing from the NodeApp's store");
        }

        return new SnapshotEntry(EntryKind.File, line.Mode, line.Hash);
    }
}
