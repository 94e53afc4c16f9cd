namespace Octopoda.Protocol.Api;

/// <summary>
/// Add nodes to a group (<c>POST /api/v1/workgroup/add</c>, creating it) or remove them (<c>/workgroup/remove</c>,
/// from every sub-group too; no nodes removes the whole group). Paths may be relative to the current path.
/// </summary>
public sealed record WorkgroupMembersRequest
{
    /// <summary>The group, absolute or relative to the current path.</summary>
    public required string Path { get; init; }

    /// <summary>Node names or <c>@group</c>s (relative to the current path).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];
}
