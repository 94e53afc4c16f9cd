namespace Octopoda.Protocol.Agent;

/// <summary>A chunk of a running task's output, in order per stream.</summary>
public sealed record TaskOutput
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary><c>stdout</c> or <c>stderr</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>Position of this chunk's first byte in its stream, so a receiver can drop duplicates.</summary>
    public required long Offset { get; init; }

    /// <summary>The text.</summary>
    public required string Data { get; init; }
}
