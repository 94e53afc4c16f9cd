using Microsoft.Extensions.Logging;
using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class StatusSamplerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeZoneInfo PlusTwo = TimeZoneInfo.CreateCustomTimeZone("test+02", TimeSpan.FromHours(2), "test+02", "test+02");

    private readonly FakeProcDirectory _proc = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), PlusTwo);
    private long _busy = FakeProcDirectory.InitialBusy;
    private long _idle = FakeProcDirectory.InitialIdle;

    public void Dispose() => _proc.Dispose();

    [Fact]
    public async Task GetCurrent_BeforeStart_ReportsIdentityMemoryAndZeroLoad()
    {
        await using var sampler = CreateSampler();

        var status = sampler.GetCurrent();

        Assert.Equal("node-1", status.Name);
        Assert.Equal(PlatformName.Current, status.Platform);
        Assert.Equal(FakeProcDirectory.CpuModel, status.CpuModel);
        Assert.Equal(Environment.ProcessorCount, status.CpuCores);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.FromHours(2)), status.LocalTime);
        Assert.Equal(TimeSpan.FromHours(2), status.LocalTime.Offset);
        Assert.Equal(FakeProcDirectory.MemTotalKb * 1024, status.MemoryTotalBytes);
        Assert.Equal((FakeProcDirectory.MemTotalKb - FakeProcDirectory.MemAvailableKb) * 1024, status.MemoryUsedBytes);
        Assert.Equal(0, status.CpuLoadShort);
        Assert.Equal(0, status.CpuLoadLong);
    }

    [Fact]
    public async Task GetCurrent_AfterOneInterval_ShortLoadIsBusyShareOfThatInterval()
    {
        await using var sampler = CreateSampler();
        sampler.Start();

        Tick(busy: 30, idle: 70);
        var status = sampler.GetCurrent();

        Assert.Equal(30, status.CpuLoadShort, precision: 6);
        Assert.Equal(30, status.CpuLoadLong, precision: 6);
    }

    [Fact]
    public async Task GetCurrent_BeforeTheMinuteFills_LongLoadAveragesOnlySamplesTaken()
    {
        await using var sampler = CreateSampler();
        sampler.Start();

        Tick(busy: 20, idle: 80);
        Tick(busy: 60, idle: 40);
        var status = sampler.GetCurrent();

        Assert.Equal(60, status.CpuLoadShort, precision: 6);
        Assert.Equal(40, status.CpuLoadLong, precision: 6);
    }

    [Fact]
    public async Task GetCurrent_AfterMoreThanAMinute_LongLoadForgetsOlderSamples()
    {
        await using var sampler = CreateSampler();
        sampler.Start();

        // 30 busy samples fill the minute (60 s / 2 s); 15 idle ones then push out half of them.
        for (var i = 0; i < 30; i++)
        {
            Tick(busy: 100, idle: 0);
        }

        for (var i = 0; i < 15; i++)
        {
            Tick(busy: 0, idle: 100);
        }

        var status = sampler.GetCurrent();
        Assert.Equal(0, status.CpuLoadShort, precision: 6);
        Assert.Equal(50, status.CpuLoadLong, precision: 6);
    }

    [Fact]
    public async Task GetCurrent_CustomInterval_LongLoadStillSpansOneMinute()
    {
        await using var sampler = CreateSampler(TimeSpan.FromSeconds(10));
        sampler.Start();

        // 60 s / 10 s = 6 samples: after 6 busy and 3 idle ticks, half the window is busy.
        for (var i = 0; i < 6; i++)
        {
            Tick(busy: 100, idle: 0, TimeSpan.FromSeconds(10));
        }

        for (var i = 0; i < 3; i++)
        {
            Tick(busy: 0, idle: 100, TimeSpan.FromSeconds(10));
        }

        Assert.Equal(50, sampler.GetCurrent().CpuLoadLong, precision: 6);
    }

    [Fact]
    public async Task Sample_StatBecomesMalformed_ReportsZerosUntilItRecovers()
    {
        await using var sampler = CreateSampler();
        sampler.Start();
        Tick(busy: 50, idle: 50);

        _proc.Write("stat", "cpu  not numbers\n");
        _time.Advance(Interval);
        var broken = sampler.GetCurrent();

        Tick(busy: 10, idle: 90);
        var firstAfter = sampler.GetCurrent();
        Tick(busy: 30, idle: 70);
        var secondAfter = sampler.GetCurrent();

        Assert.Equal(0, broken.CpuLoadShort);
        Assert.Equal(0, broken.CpuLoadLong);
        Assert.Equal(0, firstAfter.CpuLoadShort);
        Assert.Equal(30, secondAfter.CpuLoadShort, precision: 6);
        Assert.Equal(30, secondAfter.CpuLoadLong, precision: 6);
    }

    [Fact]
    public async Task Sample_StatStaysMalformed_WarnsOnceAndAgainOnlyAfterRecovery()
    {
        var logger = new ListLogger();
        await using var sampler = new StatusSampler("node-1", Path.GetTempPath(), _time, Interval, logger, _proc.Path);
        sampler.Start();

        _proc.Write("stat", "garbage\n");
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Interval);
        }

        Tick(busy: 10, idle: 90);
        _proc.Write("stat", "garbage\n");
        _time.Advance(Interval);

        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("stat", w.Message, StringComparison.Ordinal));
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("stat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCurrent_ProcFilesMissing_ReturnsZerosAndEmptyModelWithoutThrowing()
    {
        using var empty = new FakeProcDirectory(withDefaults: false);
        await using var sampler = new StatusSampler("node-1", Path.GetTempPath(), _time, Interval, logger: null, empty.Path);
        sampler.Start();
        _time.Advance(Interval);

        var status = sampler.GetCurrent();

        Assert.Equal("", status.CpuModel);
        Assert.Equal(0, status.CpuLoadShort);
        Assert.Equal(0, status.MemoryTotalBytes);
        Assert.Equal(0, status.MemoryUsedBytes);
        // Without a mount table both disks fall back to the file system of "/", which is real.
        Assert.True(status.DiskRootTotalBytes > 0);
        Assert.Equal(status.DiskRootTotalBytes, status.DiskWorkspaceTotalBytes);
    }

    [Fact]
    public async Task GetCurrent_WorkspaceOnUnreadableMountPoint_ReportsZeroWorkspaceDisk()
    {
        _proc.Write("mounts", "/dev/root / ext4 rw 0 0\n/dev/gone /nonexistent-octopoda-mount ext4 rw 0 0\n");
        await using var sampler = new StatusSampler("node-1", "/nonexistent-octopoda-mount/ws", _time, Interval, logger: null, _proc.Path);

        var status = sampler.GetCurrent();

        Assert.Equal(0, status.DiskWorkspaceTotalBytes);
        Assert.Equal(0, status.DiskWorkspaceUsedBytes);
        Assert.True(status.DiskRootTotalBytes > 0);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using var sampler = CreateSampler();
        sampler.Start();

        Assert.Throws<InvalidOperationException>(sampler.Start);
    }

    [Fact]
    public async Task DisposeAsync_AfterStart_StopsSamplingAndRefusesStart()
    {
        var sampler = CreateSampler();
        sampler.Start();
        Tick(busy: 40, idle: 60);

        await sampler.DisposeAsync();
        Tick(busy: 100, idle: 0);

        Assert.Equal(40, sampler.GetCurrent().CpuLoadShort, precision: 6);
        Assert.Throws<ObjectDisposedException>(sampler.Start);
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusSampler("n", "/tmp", _time, TimeSpan.Zero));
    }

    private StatusSampler CreateSampler(TimeSpan? interval = null) =>
        new("node-1", Path.GetTempPath(), _time, interval ?? Interval, logger: null, _proc.Path);

    // Adds the given ticks to the fake counters, then lets one interval pass so the sampler reads them.
    private void Tick(long busy, long idle, TimeSpan? interval = null)
    {
        _busy += busy;
        _idle += idle;
        _proc.WriteCpu(_busy, _idle);
        _time.Advance(interval ?? Interval);
    }
}
