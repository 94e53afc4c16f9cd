using Octopoda.Protocol.Tasks;

namespace Octopoda.Protocol.Api;

/// <summary>A task as the API shows it.</summary>
public sealed record TaskView
{
    /// <summary>The task's id.</summary>
    public required string Id { get; init; }

    /// <summary>The batch it belongs to.</summary>
    public required string BatchId { get; init; }

    /// <summary>Its node.</summary>
    public required string Node { get; init; }

    /// <summary>Its kind.</summary>
    public required string Kind { get; init; }

    /// <summary>What it does, in one line (e.g. the command, cut at 200 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Who submitted it.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>The schedule that created it, if any.</summary>
    public string? ScheduleId { get; init; }

    /// <summary>Its state.</summary>
    public required TaskState State { get; init; }

    /// <summary>The exit code, once it exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Captured standard output (empty in task lists: get the task for it).</summary>
    public string Stdout { get; init; } = "";

    /// <summary>Captured standard error.</summary>
    public string Stderr { get; init; } = "";

    /// <summary>True when output beyond the limit was dropped.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>The kind's structured report as JSON (a NodeApp task's version and <c>$OCTOPODA_OUTPUT</c>), once final.</summary>
    public string? Report { get; init; }

    /// <summary>Why it did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>When it was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was sent to the node.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>When the node accepted it.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>When its process started (node clock, corrected by the measured offset).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached its final state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How long the process ran, in ms.</summary>
    public double? DurationMs { get; init; }
}
