namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// One entry of a NodeApp's history. <see cref="Hash"/> names the directory's content (the SHA-256 of its snapshot
/// tree), so equal content has equal hashes; a reset appends an entry with the restored hash, and history is never
/// rewritten. Times are UTC instants, never local clock text.
/// </summary>
public sealed record NodeAppVersion
{
    /// <summary>The content hash: 64 lower-case hex digits.</summary>
    public required string Hash { get; init; }

    /// <summary>When the version was recorded (node clock, UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Why: the apply's or reset's message.</summary>
    public required string Message { get; init; }
}
