namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// What a NodeApp task reports besides its logs (<see cref="Agent.TaskResult.Report"/>): the NodeApp's newest
/// version after the task, whether the task appended one, and what a script wrote to <c>$OCTOPODA_OUTPUT</c>.
/// The Brain records an appended version in the same transaction as the task's result, so its copy of every
/// NodeApp's history is complete whatever restarts in between.
/// </summary>
public sealed record NodeAppReport
{
    /// <summary>The most a report's <see cref="Output"/> holds, in characters; more is cut.</summary>
    public const int MaxOutputChars = 64 * 1024;

    /// <summary>The application.</summary>
    public required string App { get; init; }

    /// <summary>The scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>The NodeApp's newest version after the task; null when it has none (never snapshotted, or deleted).</summary>
    public NodeAppVersion? Version { get; init; }

    /// <summary>True when the task appended <see cref="Version"/> to the NodeApp's history.</summary>
    public bool Appended { get; init; }

    /// <summary>True when the task removed the NodeApp (its directory and its history).</summary>
    public bool Deleted { get; init; }

    /// <summary>What the script appended to <c>$OCTOPODA_OUTPUT</c> (the run's result), at most <see cref="MaxOutputChars"/>.</summary>
    public string? Output { get; init; }
}
