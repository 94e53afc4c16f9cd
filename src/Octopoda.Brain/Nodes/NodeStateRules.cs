using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Nodes;

/// <summary>The one place node states are decided (thresholds in <see cref="LivenessOptions"/>).</summary>
internal static class NodeStateRules
{
    public static NodeState StateOf(bool connected, DateTimeOffset? lastSeen, DateTimeOffset now, LivenessOptions liveness)
    {
        if (lastSeen is null)
        {
            return NodeState.Offline;
        }

        var silence = now - lastSeen.Value;
        if (connected && silence <= liveness.UnstableAfter)
        {
            return NodeState.Online;
        }

        return silence <= liveness.OfflineAfter ? NodeState.Unstable : NodeState.Offline;
    }

    /// <summary>True when a state filter (a case-insensitive substring, as in Octopoda's <c>-sf</c>) keeps <paramref name="state"/>.</summary>
    public static bool Matches(NodeState state, string? filter) =>
        string.IsNullOrWhiteSpace(filter) || state.ToString().Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase);
}
