namespace Octopoda.Protocol.Api;

/// <summary>A node's resource sample, taken from <c>/proc</c> on the node.</summary>
public sealed record NodeStatus
{
    /// <summary>The node's name.</summary>
    public required string Name { get; init; }

    /// <summary>Operating system and architecture, e.g. <c>linux-x64</c>.</summary>
    public string Platform { get; init; } = "";

    /// <summary>The CPU model.</summary>
    public string CpuModel { get; init; } = "";

    /// <summary>Logical cores.</summary>
    public int CpuCores { get; init; }

    /// <summary>The node's clock when the sample was answered.</summary>
    public DateTimeOffset LocalTime { get; init; }

    /// <summary>CPU busy percentage over the last sampling interval (about 2 s).</summary>
    public double CpuLoadShort { get; init; }

    /// <summary>CPU busy percentage averaged over the last minute.</summary>
    public double CpuLoadLong { get; init; }

    /// <summary>Memory in use (total minus available), bytes.</summary>
    public long MemoryUsedBytes { get; init; }

    /// <summary>Total memory, bytes.</summary>
    public long MemoryTotalBytes { get; init; }

    /// <summary>Used bytes of the file system holding <c>/</c>.</summary>
    public long DiskRootUsedBytes { get; init; }

    /// <summary>Size of the file system holding <c>/</c>.</summary>
    public long DiskRootTotalBytes { get; init; }

    /// <summary>Used bytes of the file system holding the Tentacle's workspace.</summary>
    public long DiskWorkspaceUsedBytes { get; init; }

    /// <summary>Size of the file system holding the Tentacle's workspace.</summary>
    public long DiskWorkspaceTotalBytes { get; init; }
}
