namespace Octopoda.Protocol.Agent;

/// <summary>A task for the Tentacle. The Tentacle acknowledges with <see cref="TaskAccepted"/> and ignores an id it has seen.</summary>
public sealed record TaskDispatch
{
    /// <summary>The task's id, unique across the fleet.</summary>
    public required string TaskId { get; init; }

    /// <summary>What to do (see <see cref="Tasks.TaskKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The kind's payload as JSON (e.g. a <see cref="Tasks.CommandPayload"/>).</summary>
    public required string Payload { get; init; }

    /// <summary>When true the task may run beside others; otherwise tasks run one at a time in dispatch order.</summary>
    public bool Parallel { get; init; }
}
