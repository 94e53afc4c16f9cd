namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// <c>PUT /api/v1/scenarios/{name}</c>: what a scenario folder declares (every apply sends it first). The Brain
/// resolves each application's nodes in the caller's scope; when any fails nothing is stored and the answer's
/// <see cref="ScenarioPlan.Applications"/> say which. Otherwise the scenario is created or updated.
/// </summary>
public sealed record ScenarioDeclaration
{
    /// <summary>The scenario's description.</summary>
    public required string Description { get; init; }

    /// <summary>Its applications, in the folder's order.</summary>
    public required IReadOnlyList<ScenarioAppDeclaration> Applications { get; init; }
}

/// <summary>One application of a <see cref="ScenarioDeclaration"/>.</summary>
public sealed record ScenarioAppDeclaration
{
    /// <summary>The application's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its description.</summary>
    public required string Description { get; init; }

    /// <summary>Node names, <c>@group</c>s or labels.</summary>
    public required IReadOnlyList<string> Nodes { get; init; }
}

/// <summary>The answer to a <see cref="ScenarioDeclaration"/>: each application's nodes, or why they did not resolve.</summary>
public sealed record ScenarioPlan
{
    /// <summary>True when the declaration was stored (no application had a problem).</summary>
    public required bool Stored { get; init; }

    /// <summary>The applications, in the declaration's order.</summary>
    public required IReadOnlyList<ScenarioAppPlan> Applications { get; init; }
}

/// <summary>One application of a <see cref="ScenarioPlan"/>.</summary>
public sealed record ScenarioAppPlan
{
    /// <summary>The application's name.</summary>
    public required string Name { get; init; }

    /// <summary>The node names its targets resolved to, sorted.</summary>
    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>Why its nodes did not resolve (an unknown node or group, a node outside the caller's scope).</summary>
    public string? Problem { get; init; }
}
