namespace Octopoda.Protocol.Agent;

/// <summary>
/// A Tentacle's periodic beat. It carries the Tentacle's send time (t1) and its current estimates of the link
/// delay and the clock offset, computed from earlier acknowledgements (NTP-style, see <c>ClockEstimator</c>).
/// </summary>
public sealed record Heartbeat
{
    /// <summary>t1: the Tentacle's clock when it sent this beat (Unix ms).</summary>
    public required long SentAtUnixMs { get; init; }

    /// <summary>Estimated one-way delay (half the round trip), in ms; null before the first acknowledgement.</summary>
    public double? DelayMs { get; init; }

    /// <summary>Estimated Brain clock minus Tentacle clock, in ms; null before the first acknowledgement.</summary>
    public double? ClockOffsetMs { get; init; }
}
