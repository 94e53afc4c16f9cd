namespace Octopoda.Protocol;

/// <summary>Constants both ends of the agent link and the API agree on.</summary>
public static class ProtocolInfo
{
    /// <summary>The agent-link protocol version this build speaks; agreed in <c>Hello</c>/<c>Welcome</c>.</summary>
    public const int Version = 2;

    /// <summary>The oldest agent-link protocol version this build still accepts.</summary>
    public const int MinimumVersion = 2;

    /// <summary>The WebSocket endpoint a Tentacle dials (mutual TLS).</summary>
    public const string AgentPath = "/agent/v1/connect";

    /// <summary>
    /// Largest frame either side accepts. Control messages are a few hundred bytes; the largest is a task result
    /// carrying captured output, bounded by <see cref="MaxCapturedOutputBytes"/> per stream (2 x 1 MiB) plus JSON
    /// escaping, so 4 MiB leaves room without letting a peer make us buffer arbitrary amounts.
    /// </summary>
    public const int MaxFrameBytes = 4 * 1024 * 1024;

    /// <summary>Captured stdout or stderr kept per task; the rest is dropped and the result marked truncated.</summary>
    public const int MaxCapturedOutputBytes = 1024 * 1024;

    /// <summary>The name the Brain's certificate always carries, whatever address the Tentacle dialled.</summary>
    public const string BrainCertificateName = "octopoda-brain";
}
