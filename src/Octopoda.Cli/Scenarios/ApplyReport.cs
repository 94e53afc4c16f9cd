namespace Octopoda.Cli.Scenarios;

/// <summary>
/// The one JSON document <c>octl scen apply -o json</c> (and the resets) print: every step with each node's result,
/// and the scenario version recorded, if any. <see cref="Completed"/> is false when Ctrl-C or a Brain error stopped
/// it part way; the steps are then those done so far.
/// </summary>
internal sealed record ApplyReport
{
    public required string Scenario { get; init; }

    /// <summary>The target applied: <c>default</c> (prepare then start), <c>prepare</c>, <c>commit</c>, <c>purge</c>, <c>reset</c> or a script target.</summary>
    public required string Target { get; init; }

    /// <summary>Each application's nodes as the Brain resolved them (applies only).</summary>
    public IReadOnlyList<AppNodes>? Applications { get; init; }

    public required IReadOnlyList<ApplyStepReport> Steps { get; init; }

    /// <summary>The scenario version after the apply, when it recorded one (prepare, commit, resets).</summary>
    public ScenarioVersionOutcome? Version { get; init; }

    public required bool Completed { get; init; }
}
