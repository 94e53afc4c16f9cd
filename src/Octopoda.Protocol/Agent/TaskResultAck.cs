namespace Octopoda.Protocol.Agent;

/// <summary>The Brain has stored the task's result.</summary>
public sealed record TaskResultAck
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }
}
