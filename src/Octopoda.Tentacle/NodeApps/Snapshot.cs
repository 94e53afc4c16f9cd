namespace Octopoda.Tentacle.NodeApps;

/// <summary>A directory's snapshot: its root tree (whose hash names the version) and the ignore rules it was taken with.</summary>
internal sealed record Snapshot(SnapshotEntry Root, IgnoreRules Rules)
{
    public string Hash => Root.Hash;
}
