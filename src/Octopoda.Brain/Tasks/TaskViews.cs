using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Tasks;

/// <summary>Converts stored tasks to API views at the edge.</summary>
internal static class TaskViews
{
    public static TaskView ToView(this TaskRecord task) => new()
    {
        Id = task.Id,
        BatchId = task.BatchId,
        Node = task.NodeName,
        Kind = task.Kind,
        Description = task.Description,
        SubmittedBy = task.SubmittedBy,
        ScheduleId = task.ScheduleId,
        State = task.State,
        ExitCode = task.ExitCode,
        Stdout = task.Stdout,
        Stderr = task.Stderr,
        OutputTruncated = task.OutputTruncated,
        Error = task.Error,
        Report = task.Report,
        CreatedAt = task.CreatedAt,
        DispatchedAt = task.DispatchedAt,
        AcceptedAt = task.AcceptedAt,
        StartedAt = task.StartedAt,
        FinishedAt = task.FinishedAt,
        DurationMs = task.StartedAt is { } start && task.FinishedAt is { } end ? (end - start).TotalMilliseconds : null,
    };
}
