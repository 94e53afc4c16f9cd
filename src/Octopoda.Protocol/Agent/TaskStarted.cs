namespace Octopoda.Protocol.Agent;

/// <summary>The task's process is running.</summary>
public sealed record TaskStarted
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The Tentacle's clock when the process started (Unix ms, fractional for aligned starts).</summary>
    public required double StartedAtUnixMs { get; init; }

    /// <summary>The process id on the node.</summary>
    public int? ProcessId { get; init; }
}
