using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Store;

/// <summary>
/// A task as stored: the one model for everything the Brain asks of a node (ARCHITECTURE.md, "One task model").
/// <see cref="Sequence"/> is the store-assigned order of submission; tasks to one node are dispatched in it.
/// </summary>
internal sealed class TaskRecord
{
    public long Sequence { get; set; }

    public required string Id { get; set; }

    public required string BatchId { get; set; }

    public required string NodeName { get; set; }

    public required string Kind { get; set; }

    /// <summary>The kind's payload as JSON, sent to the node as is.</summary>
    public required string Payload { get; set; }

    public TaskState State { get; set; }

    public bool Parallel { get; set; }

    public int TtlSeconds { get; set; }

    public string? SubmittedBy { get; set; }

    /// <summary>What the task does, in one line, for lists.</summary>
    public string? Description { get; set; }

    /// <summary>The schedule that created it, if any.</summary>
    public string? ScheduleId { get; set; }

    /// <summary><c>xrun -d</c>: the node starts the task this long after accepting it.</summary>
    public long? DelayMs { get; set; }

    /// <summary><c>-ta</c>: the instant (Brain clock) every node of the batch starts the task.</summary>
    public DateTimeOffset? AlignAt { get; set; }

    /// <summary><c>-ta</c>: the largest acceptable start error, in ms.</summary>
    public double? AlignToleranceMs { get; set; }

    /// <summary>How many times the task was sent to its node (more than 1 after reconnects or Brain restarts).</summary>
    public int DispatchCount { get; set; }

    /// <summary>When a cancel was asked for; the node is told (again on reconnect) until the task is final.</summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a queued task stops waiting for its node and ends <see cref="TaskState.Expired"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int? ExitCode { get; set; }

    public string Stdout { get; set; } = "";

    public string Stderr { get; set; } = "";

    public bool OutputTruncated { get; set; }

    public string? Error { get; set; }

    /// <summary>The kind's structured report as JSON (a NodeApp task's version and output), once final.</summary>
    public string? Report { get; set; }
}
