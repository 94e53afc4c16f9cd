namespace Octopoda.Tentacle.NodeApps;

/// <summary>What a snapshot entry is. Anything else on disk (fifos, sockets, devices) is left out of snapshots.</summary>
internal enum EntryKind
{
    /// <summary>A regular file: its content is a blob.</summary>
    File,

    /// <summary>A directory: its content is a tree.</summary>
    Directory,

    /// <summary>A symbolic link, never followed: its content is a blob of the target text.</summary>
    Link,
}
