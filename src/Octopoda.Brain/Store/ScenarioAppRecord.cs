namespace Octopoda.Brain.Store;

/// <summary>One application of a scenario and the nodes its targets resolved to when the scenario was last declared.</summary>
internal sealed class ScenarioAppRecord
{
    public required string Scenario { get; set; }

    public required string App { get; set; }

    public required string Description { get; set; }

    /// <summary>The node names, separated by newlines, sorted.</summary>
    public required string Nodes { get; set; }

    /// <summary>Its place in the deployment's order.</summary>
    public int Position { get; set; }

    public IReadOnlyList<string> NodeList => Nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
