using Octopoda.Protocol.Agent;

namespace Octopoda.Brain.Tasks;

/// <summary>A state change reported for a task, waiting to be written by the <see cref="TaskUpdateWriter"/>.</summary>
internal abstract record TaskUpdate(string TaskId)
{
    /// <summary>Completed once the change is committed (or found to be stale), so the sender may acknowledge.</summary>
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed record Dispatched(string TaskId, DateTimeOffset At) : TaskUpdate(TaskId);

    internal sealed record Accepted(string TaskId, DateTimeOffset At) : TaskUpdate(TaskId);

    internal sealed record Started(string TaskId, DateTimeOffset At) : TaskUpdate(TaskId);

    internal sealed record Finished(TaskResult Result, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt) : TaskUpdate(Result.TaskId);
}
