namespace Octopoda.Protocol.Api;

/// <summary>What a prune did.</summary>
public sealed record PruneResponse
{
    /// <summary>Nodes forgotten.</summary>
    public required IReadOnlyList<string> Pruned { get; init; }

    /// <summary>Nodes kept because they are not offline.</summary>
    public required IReadOnlyList<string> Kept { get; init; }
}
