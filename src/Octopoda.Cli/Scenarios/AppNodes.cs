namespace Octopoda.Cli.Scenarios;

/// <summary>An application and the nodes its targets resolved to.</summary>
internal sealed record AppNodes
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Nodes { get; init; }
}
