namespace Octopoda.Protocol.Api;

/// <summary>
/// A node's liveness as the Brain sees it. The thresholds (see <c>docs/ARCHITECTURE.md</c>): online while
/// connected and heard from within 3 heartbeat intervals; unstable when connected but silent longer, or
/// disconnected for less than the offline threshold (10 s by default); offline after that.
/// </summary>
public enum NodeState
{
    /// <summary>Connected and heartbeating.</summary>
    Online,

    /// <summary>Missed heartbeats, or recently disconnected.</summary>
    Unstable,

    /// <summary>Not heard from for longer than the offline threshold.</summary>
    Offline,
}
