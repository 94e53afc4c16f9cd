namespace Octopoda.Cli.Scenarios;

/// <summary>One step of an <see cref="ApplyReport"/>.</summary>
internal sealed record ApplyStepReport
{
    /// <summary><c>prepare</c>, <c>run</c>, <c>commit</c>, <c>purge</c> or <c>reset</c>.</summary>
    public required string Step { get; init; }

    public required string Target { get; init; }

    /// <summary>A run step's script order.</summary>
    public int? Order { get; init; }

    public required IReadOnlyList<NodeResult> Results { get; init; }
}
