namespace Octopoda.Brain.Nodes;

/// <summary>
/// Heartbeat cadence and the thresholds that turn silence into node states.
/// With the 1 s default interval: a node is <c>online</c> while a beat arrived within the last 3 s (two lost
/// beats are tolerated), <c>unstable</c> from 3 s to 10 s of silence or for 10 s after its connection dropped
/// (long enough for a Tentacle's first reconnect attempts, 0.5–4 s, to land), and <c>offline</c> after that,
/// when the Brain also closes a connection that is still open but silent.
/// </summary>
internal sealed class LivenessOptions
{
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan UnstableAfter { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(10);
}
