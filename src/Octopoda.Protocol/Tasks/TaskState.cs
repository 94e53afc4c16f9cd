namespace Octopoda.Protocol.Tasks;

/// <summary>
/// Where a task is in its life: <c>queued → dispatched → accepted → running → succeeded | failed | cancelled |
/// expired | lost</c>. The last five are final; a final task never changes again.
/// </summary>
public enum TaskState
{
    /// <summary>Stored on the Brain, waiting for its node.</summary>
    Queued,

    /// <summary>Sent over the node's connection, not yet acknowledged.</summary>
    Dispatched,

    /// <summary>The Tentacle recorded it and will run it at most once.</summary>
    Accepted,

    /// <summary>Its process is running.</summary>
    Running,

    /// <summary>Ran and exited 0.</summary>
    Succeeded,

    /// <summary>Ran and exited non-zero, or could not be started.</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Cancelled,

    /// <summary>Its node was not reachable within the task's time-to-live.</summary>
    Expired,

    /// <summary>Its outcome is unknowable (e.g. the process died with its Tentacle); the reason is recorded.</summary>
    Lost,
}
