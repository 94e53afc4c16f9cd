using System.Diagnostics;
using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

/// <summary>The sampler against this machine's own <c>/proc</c> and disks (the Tentacle runs on Linux only).</summary>
public sealed class RealProcTests
{
    [Fact]
    public async Task GetCurrent_ThisMachine_ReportsPlausibleValues()
    {
        var workspace = Directory.CreateTempSubdirectory("octopoda-ws-").FullName;
        try
        {
            var time = new ManualTimeProvider(DateTimeOffset.UtcNow, TimeZoneInfo.Local);
            await using var sampler = new StatusSampler("real", workspace, time);
            sampler.Start();
            var load = WaitForCpuSample(sampler, time);

            var status = sampler.GetCurrent();

            Assert.Equal("real", status.Name);
            Assert.StartsWith("linux-", status.Platform, StringComparison.Ordinal);
            Assert.True(status.CpuCores >= 1);
            Assert.InRange(load, double.Epsilon, 100);
            Assert.InRange(status.CpuLoadLong, 0, 100);
            Assert.True(status.MemoryTotalBytes > 0);
            Assert.InRange(status.MemoryUsedBytes, 1, status.MemoryTotalBytes);
            Assert.True(status.DiskRootTotalBytes > 0);
            Assert.InRange(status.DiskRootUsedBytes, 0, status.DiskRootTotalBytes);
            Assert.True(status.DiskWorkspaceTotalBytes > 0);
            Assert.InRange(status.DiskWorkspaceUsedBytes, 0, status.DiskWorkspaceTotalBytes);
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    [Fact]
    public void ParseModel_ThisMachine_FindsModelWhenCpuinfoNamesOne()
    {
        var text = File.ReadAllText("/proc/cpuinfo");

        var model = ProcCpuinfoParser.ParseModel(text);

        if (text.Contains("model name", StringComparison.Ordinal))
        {
            Assert.NotEmpty(model);
        }
    }

    [Fact]
    public void Platform_ThisProcess_IsOsDashArchInLowerCase()
    {
        Assert.Matches("^(linux|osx|win|freebsd)-[a-z0-9]+$", PlatformName.Current);
    }

    // Spins this thread, so the kernel's counters move, and ticks the fake clock until a sample lands. Bounded:
    // jiffies advance every 1–10 ms, so ten seconds without one means the sampler is broken.
    private static double WaitForCpuSample(StatusSampler sampler, ManualTimeProvider time)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var spin = Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 20)
            {
                Thread.SpinWait(1000);
            }

            time.Advance(sampler.Interval);
            var load = sampler.GetCurrent().CpuLoadShort;
            if (load > 0)
            {
                return load;
            }
        }

        throw new TimeoutException("No CPU sample with a non-zero load from /proc/stat within 10 s while this thread spun.");
    }
}
