namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// One <c>lstat</c> of a path. <see cref="Kind"/> is null for what snapshots leave out (fifos, sockets, devices).
/// <see cref="Exact"/> is false when the times and inode could not be read (no <c>statx</c>), so the entry must not be
/// trusted by the <see cref="StatCache"/>.
/// </summary>
internal readonly record struct EntryStat(
    EntryKind? Kind,
    int Mode,
    long Size,
    long ModifiedNs,
    long ChangedNs,
    ulong Inode,
    bool Exact);
