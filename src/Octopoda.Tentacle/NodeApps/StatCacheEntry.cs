namespace Octopoda.Tentacle.NodeApps;

/// <summary>One file's remembered stat and hash (<see cref="StatCache"/>).</summary>
internal sealed record StatCacheEntry(long Size, long ModifiedNs, long ChangedNs, ulong Inode, string Hash)
{
    public bool Matches(EntryStat stat) =>
        stat.Size == Size && stat.ModifiedNs == ModifiedNs && stat.ChangedNs == ChangedNs && stat.Inode == Inode;
}
