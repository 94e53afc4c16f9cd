namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// One entry of a snapshot in memory: a file (its blob's hash), a link (the blob of its target text, and the text) or a
/// directory (its tree's hash and its children by ordinal name). <see cref="Mode"/> is the permission bits.
/// </summary>
internal sealed record SnapshotEntry(
    EntryKind Kind,
    int Mode,
    string Hash,
    string? LinkTarget = null,
    IReadOnlyDictionary<string, SnapshotEntry>? Children = null)
{
    /// <summary>A symbolic link's mode: Linux gives every link 0777 and ignores it.</summary>
    public const int LinkMode = 0x1FF;

    /// <summary>A directory's children; empty for files and links.</summary>
    public IReadOnlyDictionary<string, SnapshotEntry> Entries => Children ?? Empty;

    private static readonly IReadOnlyDictionary<string, SnapshotEntry> Empty = new SortedDictionary<string, SnapshotEntry>(StringComparer.Ordinal);
}
