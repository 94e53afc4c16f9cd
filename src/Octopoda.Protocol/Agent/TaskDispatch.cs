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

    /// <summary>
    /// Node clock (Unix ms) after which the task must not start if the Tentacle has not accepted it yet; it then
    /// reports <see cref="Tasks.TaskState.Expired"/>. Null for no limit. The Brain converts from its own clock
    /// with the measured offset.
    /// </summary>
    public long? ExpiresAtUnixMs { get; init; }

    /// <summary>Wait this long after accepting before starting (<c>cmd xrun -d</c>); survives a Tentacle restart.</summary>
    public long? DelayMs { get; init; }

    /// <summary>
    /// Time-aligned start (<c>-ta</c>): node clock (Unix ms, fractional) at which to start the process. If the
    /// Tentacle cannot start within <see cref="AlignToleranceMs"/> of it (already past, or too far ahead), it
    /// refuses with a <see cref="Tasks.TaskState.Failed"/> result saying why.
    /// </summary>
    public double? StartAtUnixMs { get; init; }

    /// <summary>The largest acceptable distance, in ms, between <see cref="StartAtUnixMs"/> and the actual start.</summary>
    public double? AlignToleranceMs { get; init; }
}
