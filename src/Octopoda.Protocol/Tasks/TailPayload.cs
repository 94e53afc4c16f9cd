namespace Octopoda.Protocol.Tasks;

/// <summary>The payload of <see cref="TaskKinds.Tail"/>: stream lines appended to a file until cancelled or timed out.</summary>
public sealed record TailPayload
{
    /// <summary>The file on the node (absolute, or relative to the workspace). Never passed through a shell.</summary>
    public required string Path { get; init; }

    /// <summary>How many existing last lines to send first (0: only new lines).</summary>
    public int Lines { get; init; }

    /// <summary>Stop after this many seconds; null for the Tentacle's limit.</summary>
    public int? TimeoutSeconds { get; init; }
}
