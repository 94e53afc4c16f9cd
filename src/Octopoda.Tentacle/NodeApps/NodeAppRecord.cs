using Octopoda.Protocol.Scenarios;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>A NodeApp as this node knows it: its names, description and history, oldest version first.</summary>
internal sealed record NodeAppRecord(string App, string Scenario, string? Description, IReadOnlyList<NodeAppVersion> Versions)
{
    /// <summary>The current version; null before the first snapshot.</summary>
    public NodeAppVersion? Newest => Versions.Count == 0 ? null : Versions[^1];
}
