namespace Octopoda.Protocol.Api;

/// <summary>Stream new lines of a file on one node. The task runs until cancelled or its timeout.</summary>
public sealed record TailRequest
{
    /// <summary>The node.</summary>
    public required string Node { get; init; }

    /// <summary>The file (absolute, or relative to the node's workspace).</summary>
    public required string Path { get; init; }

    /// <summary>How many existing last lines to send first.</summary>
    public int Lines { get; init; }

    /// <summary>Stop after this many seconds (default 3600).</summary>
    public int? TimeoutSeconds { get; init; }
}
