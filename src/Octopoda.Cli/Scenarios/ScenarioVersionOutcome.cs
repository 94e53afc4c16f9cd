using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Scenarios;

/// <summary>What recording a scenario version gave: the newest version and whether this apply appended it.</summary>
internal sealed record ScenarioVersionOutcome
{
    /// <summary>The whole hash; null when the scenario has no version.</summary>
    public string? Hash { get; init; }

    public required bool Appended { get; init; }

    public DateTimeOffset? Time { get; init; }

    public string? Message { get; init; }

    public static ScenarioVersionOutcome From(ScenarioVersionResult result) => new()
    {
        Hash = result.Version?.Hash,
        Appended = result.Appended,
        Time = result.Version?.Time,
        Message = result.Version?.Message,
    };
}
