namespace Octopoda.Protocol.Api;

/// <summary>A page of tasks, newest first, without their output.</summary>
public sealed record TaskListResponse
{
    /// <summary>The tasks.</summary>
    public required IReadOnlyList<TaskView> Tasks { get; init; }

    /// <summary>True when more tasks matched than the limit allowed.</summary>
    public bool More { get; init; }
}
