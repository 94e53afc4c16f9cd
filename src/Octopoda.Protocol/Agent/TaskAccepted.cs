namespace Octopoda.Protocol.Agent;

/// <summary>The Tentacle has recorded the task and will run it at most once.</summary>
public sealed record TaskAccepted
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The Tentacle's clock when it accepted the task (Unix ms).</summary>
    public required long AcceptedAtUnixMs { get; init; }
}
