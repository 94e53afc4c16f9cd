using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Simulation;

/// <summary>A plausible resource sample for a virtual node: a small 2-core VM, lightly loaded, values that drift.</summary>
internal static class SimulatedStatus
{
    private const long GiB = 1024L * 1024 * 1024;

    public static NodeStatus Sample(string nodeName)
    {
        var random = Random.Shared;
        var load = 2 + (random.NextDouble() * 8);
        return new NodeStatus
        {
            Name = nodeName,
            Platform = "linux-x64",
            CpuModel = "Octopoda simulated vCPU",
            CpuCores = 2,
            LocalTime = DateTimeOffset.Now,
            CpuLoadShort = Math.Round(load + (random.NextDouble() * 4) - 2, 1),
            CpuLoadLong = Math.Round(load, 1),
            MemoryUsedBytes = (long)((0.8 + (random.NextDouble() * 0.6)) * GiB),
            MemoryTotalBytes = 4 * GiB,
            DiskRootUsedBytes = 6 * GiB,
            DiskRootTotalBytes = 20 * GiB,
            DiskWorkspaceUsedBytes = 6 * GiB,
            DiskWorkspaceTotalBytes = 20 * GiB,
        };
    }
}
