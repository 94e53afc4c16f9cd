namespace Octopoda.Protocol.Agent;

/// <summary>Stop the task and every process it started.</summary>
public sealed record TaskCancel
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>Why, for the task's record.</summary>
    public string Reason { get; init; } = "cancelled";
}
