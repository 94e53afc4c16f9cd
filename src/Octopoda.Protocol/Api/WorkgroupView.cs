namespace Octopoda.Protocol.Api;

/// <summary>One workgroup (<c>GET /api/v1/workgroup?path=</c>). Never carries a password.</summary>
public sealed record WorkgroupView
{
    /// <summary>The group's absolute path.</summary>
    public required string Path { get; init; }

    /// <summary>True when the group has a password, so it can log in as an account.</summary>
    public bool IsAccount { get; init; }

    /// <summary>Its nodes, sorted.</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Its direct sub-groups, as absolute paths, sorted.</summary>
    public required IReadOnlyList<string> Children { get; init; }

    /// <summary>Its command allow-list (empty: none of its own). Runs must also pass every ancestor's list.</summary>
    public required IReadOnlyList<string> Allow { get; init; }
}
