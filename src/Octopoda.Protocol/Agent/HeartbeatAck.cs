namespace Octopoda.Protocol.Agent;

/// <summary>The Brain's answer to a heartbeat: the four NTP timestamps' middle two, plus the echoed t1.</summary>
public sealed record HeartbeatAck
{
    /// <summary>t1, echoed from the heartbeat.</summary>
    public required long EchoSentAtUnixMs { get; init; }

    /// <summary>t2: the Brain's clock when the heartbeat arrived.</summary>
    public required long ReceivedAtUnixMs { get; init; }

    /// <summary>t3: the Brain's clock when it sent this acknowledgement.</summary>
    public required long SentAtUnixMs { get; init; }
}
