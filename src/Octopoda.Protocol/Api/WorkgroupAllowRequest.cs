namespace Octopoda.Protocol.Api;

/// <summary>
/// Set a group's command allow-list (<c>PUT /api/v1/workgroup/allow</c>). A pattern matches the whole command line;
/// <c>*</c> matches any run of characters, <c>?</c> one. An empty list removes the group's own list.
/// </summary>
public sealed record WorkgroupAllowRequest
{
    /// <summary>The group, absolute or relative to the current path; it must lie strictly under the caller's account.</summary>
    public required string Path { get; init; }

    /// <summary>The patterns (at most 100, each at most 256 characters).</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];
}
