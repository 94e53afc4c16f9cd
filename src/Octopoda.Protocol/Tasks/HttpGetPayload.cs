namespace Octopoda.Protocol.Tasks;

/// <summary>The payload of <see cref="TaskKinds.HttpGet"/>: fetch a URL from the node's vantage point.</summary>
public sealed record HttpGetPayload
{
    /// <summary>An absolute http or https URL.</summary>
    public required string Url { get; init; }

    /// <summary>Largest body kept, in bytes; a longer body fails the task. At most <see cref="ProtocolInfo.MaxCapturedOutputBytes"/>.</summary>
    public int MaxBytes { get; init; } = ProtocolInfo.MaxCapturedOutputBytes;

    /// <summary>Give up after this many seconds (connect and body).</summary>
    public int TimeoutSeconds { get; init; } = 10;
}
