namespace Octopoda.Protocol.Api;

/// <summary>Forget nodes: only offline ones among the targets are removed.</summary>
public sealed record PruneRequest
{
    /// <summary>Node names, <c>ALL</c> or <c>@all</c>.</summary>
    public required IReadOnlyList<string> Targets { get; init; }
}
