namespace Octopoda.Protocol.Agent;

/// <summary>
/// A chunk of a running task's output, in order per stream. Offsets count UTF-16 code units of the decoded text
/// (the same text the final <see cref="TaskResult"/> carries), so a receiver can drop what it already has. After
/// a reconnect the Tentacle sends each running task's output again from offset 0; the Brain keeps only the new
/// part. Short tasks that finish before the first flush send no chunks at all: their result carries the output.
/// </summary>
public sealed record TaskOutput
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary><c>stdout</c> or <c>stderr</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Position of this chunk's first character in its stream, so a receiver can drop duplicates.</summary>
    public required long Offset { get; init; }

    /// <summary>The text.</summary>
    public required string Data { get; init; }
}
