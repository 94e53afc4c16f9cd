namespace Octopoda.Protocol.Tasks;

/// <summary>Helpers over <see cref="TaskState"/>.</summary>
public static class TaskStateExtensions
{
    /// <summary>True for states a task never leaves.</summary>
    public static bool IsFinal(this TaskState state) => state >= TaskState.Succeeded;

    /// <summary>The lower-case name used on the wire, in the store and in octl output.</summary>
    public static string ToWireName(this TaskState state) => state switch
    {
        TaskState.Queued => "queued",
        TaskState.Dispatched => "dispatched",
        TaskState.Accepted => "accepted",
        TaskState.Running => "running",
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => "failed",
        TaskState.Cancelled => "cancelled",
        TaskState.Expired => "expired",
        TaskState.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
