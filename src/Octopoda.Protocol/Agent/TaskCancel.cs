namespace Octopoda.Protocol.Agent;

/// <summary>
/// Stop the task and every process it started. For an id the Tentacle has not seen, it journals a tombstone and
/// answers with a <see cref="Tasks.TaskState.Cancelled"/> result, so a dispatch still in flight never runs.
/// </summary>
public sealed record TaskCancel
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>Why, for the task's record.</summary>
    public string Reason { get; init; } = "cancelled";
}
