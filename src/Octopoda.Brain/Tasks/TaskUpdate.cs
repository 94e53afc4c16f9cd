using Octopoda.Protocol.Agent;

namespace Octopoda.Brain.Tasks;

/// <summary>A state change for a task, waiting to be written by the <see cref="TaskUpdateWriter"/>.</summary>
internal abstract record TaskUpdate(string TaskId)
{
    /// <summary>Completed once the change is committed (or found to be stale), so the sender may acknowledge.</summary>
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sent to its node (again, when <see cref="Repeat"/>).</summary>
    internal sealed record Dispatched(string TaskId, DateTimeOffset At, bool Repeat) : TaskUpdate(TaskId);

    internal sealed record Accepted(string TaskId, DateTimeOffset At) : TaskUpdate(TaskId);

    internal sealed record Started(string TaskId, DateTimeOffset At) : TaskUpdate(TaskId);

    /// <summary>A final state reported by the node, or decided by the Brain where only it can (journal lost).</summary>
    internal sealed record Finished(TaskResult Result, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt) : TaskUpdate(Result.TaskId);

    /// <summary>Ends the task <c>expired</c> only if it is still queued when written (the dispatcher may have sent it meanwhile).</summary>
    internal sealed record ExpireIfQueued(string TaskId, DateTimeOffset At, string Reason) : TaskUpdate(TaskId);

    /// <summary>Records a cancel request; a task still queued ends <c>cancelled</c> at once, others when the node answers.</summary>
    internal sealed record CancelRequested(string TaskId, DateTimeOffset At, string Reason) : TaskUpdate(TaskId);
}
