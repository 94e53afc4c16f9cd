namespace Octopoda.Protocol.Files;

/// <summary>A listing: the entries of a directory on a node, or the one file named; or the Brain's file store.</summary>
public sealed record FileListing
{
    /// <summary>What was listed: the resolved absolute path on the node, or <c>brain:</c> and a prefix for the store.</summary>
    public required string Path { get; init; }

    /// <summary>The entries, by name (ordinal).</summary>
    public required IReadOnlyList<FileEntryView> Entries { get; init; }

    /// <summary>True when there were more entries than a listing carries.</summary>
    public bool Truncated { get; init; }
}
