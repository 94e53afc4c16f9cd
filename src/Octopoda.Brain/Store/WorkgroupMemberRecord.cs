namespace Octopoda.Brain.Store;

/// <summary>A node's membership of a workgroup below the root.</summary>
internal sealed class WorkgroupMemberRecord
{
    public required string Path { get; set; }

    public required string NodeName { get; set; }
}
