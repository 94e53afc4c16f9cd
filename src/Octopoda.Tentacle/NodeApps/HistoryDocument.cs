namespace Octopoda.Tentacle.NodeApps;

/// <summary>The content of a NodeApp's <c>history.json</c>: who it is and its append-only list of versions.</summary>
internal sealed record HistoryDocument
{
    public required string App { get; init; }

    public required string Scenario { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<HistoryEntry> Versions { get; init; }
}
