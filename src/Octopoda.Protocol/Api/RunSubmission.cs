namespace Octopoda.Protocol.Api;

/// <summary>The answer to a submission: the stored tasks, one per target node, grouped in a batch.</summary>
public sealed record RunSubmission
{
    /// <summary>The batch grouping these tasks.</summary>
    public required string BatchId { get; init; }

    /// <summary>One task per node.</summary>
    public required IReadOnlyList<TaskRef> Tasks { get; init; }

    /// <summary>When the request asked for a schedule: its id (this batch is its first run).</summary>
    public string? ScheduleId { get; init; }
}
