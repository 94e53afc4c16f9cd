namespace Octopoda.Brain.Store;

/// <summary>
/// One entry of a NodeApp's history as its node reported it (the task's result and this row commit together). The
/// newest row per (node, app, scenario) is the NodeApp's current version: the state a scenario version is made from,
/// durable across Brain restarts.
/// </summary>
internal sealed class NodeAppVersionRecord
{
    public long Sequence { get; set; }

    public required string NodeName { get; set; }

    public required string App { get; set; }

    public required string Scenario { get; set; }

    public required string Hash { get; set; }

    /// <summary>When the node recorded it (node clock).</summary>
    public DateTimeOffset Time { get; set; }

    public required string Message { get; set; }

    /// <summary>The task that reported it.</summary>
    public required string TaskId { get; set; }
}
