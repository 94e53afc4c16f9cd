namespace Octopoda.Cli.Scenarios;

/// <summary>A scenario as its folder's <c>deployment.yaml</c> describes it, validated (<see cref="DeploymentReader"/>).</summary>
internal sealed record Deployment(string Name, string Description, IReadOnlyList<DeploymentApp> Applications);

/// <summary>
/// One application: where its scripts and sources are (absolute, inside the scenario folder), its nodes and its
/// scripts; <paramref name="NodesLine"/> is the line of its <c>nodes:</c> key, where a node the Brain cannot resolve is reported.
/// </summary>
internal sealed record DeploymentApp(
    string Name,
    string Description,
    string ScriptDirectory,
    string? SourceDirectory,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<DeploymentScript> Scripts,
    int NodesLine = 0);

/// <summary>A script for a target: the file (absolute, inside the scenario folder) and the order among applications.</summary>
internal sealed record DeploymentScript(string Target, string File, int Order);
