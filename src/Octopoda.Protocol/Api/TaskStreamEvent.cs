namespace Octopoda.Protocol.Api;

/// <summary>
/// One line of a task or batch stream: <c>output</c> (a chunk of a task's stdout or stderr, each character exactly
/// once and in order, from offset 0) or <c>final</c> (the task in its final state; any output not streamed before
/// comes as output events just ahead of it).
/// </summary>
public sealed record TaskStreamEvent
{
    /// <summary>The event type for output chunks.</summary>
    public const string OutputType = "output";

    /// <summary>The event type for a task's final state.</summary>
    public const string FinalType = "final";

    /// <summary><see cref="OutputType"/> or <see cref="FinalType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Its node.</summary>
    public required string Node { get; init; }

    /// <summary>For output: <c>stdout</c> or <c>stderr</c>.</summary>
    public string? Stream { get; init; }

    /// <summary>For output: position of the chunk's first character in its stream.</summary>
    public long? Offset { get; init; }

    /// <summary>For output: the text.</summary>
    public string? Data { get; init; }

    /// <summary>For final: the task.</summary>
    public TaskView? Task { get; init; }
}
