using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Octopoda.Protocol.Api;

namespace Octopoda.Tentacle.Status;

/// <summary>
/// Samples this node's CPU on a timer and answers <see cref="GetCurrent"/> with a <see cref="NodeStatus"/>:
/// CPU load from the samples, memory and disks read at the moment of asking. Reads <c>/proc</c> and nothing
/// else; on a machine without it (or with a malformed file) the affected figures are zero and a warning is
/// logged once until the source recovers. Never throws from the timer.
/// </summary>
internal sealed class StatusSampler : IAsyncDisposable
{
    /// <summary>As in the original: often enough that "short" is recent, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    // CpuLoadLong spans one minute: at the default interval that is 60 s / 2 s = 30 samples in the ring.
    private static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(1);

    private readonly string _nodeName;
    private readonly string _workspacePath;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly string _procRoot;
    private readonly ILogger _logger;
    private readonly string _cpuModel;
    private readonly Lock _gate = new();
    private readonly CpuLoadWindow _window;
    private readonly HashSet<string> _failing = [];
    private CpuTimes _previous;
    private double _shortLoad;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Samples this machine's <c>/proc</c>.</summary>
    /// <param name="nodeName">Reported as <see cref="NodeStatus.Name"/>.</param>
    /// <param name="workspacePath">The Tentacle's workspace; its file system is reported. Need not exist yet.</param>
    /// <param name="time">The clock for the sampling timer and <see cref="NodeStatus.LocalTime"/>.</param>
    /// <param name="interval">Time between CPU samples; <see cref="DefaultInterval"/> when null.</param>
    /// <param name="logger">Where read failures are reported; nowhere when null.</param>
    public StatusSampler(string nodeName, string workspacePath, TimeProvider time, TimeSpan? interval = null, ILogger<StatusSampler>? logger = null)
        : this(nodeName, workspacePath, time, interval, logger, "/proc")
    {
    }

    /// <summary>Samples the files <c>stat</c>, <c>meminfo</c>, <c>cpuinfo</c> and <c>mounts</c> under <paramref name="procRoot"/>; for tests.</summary>
    internal StatusSampler(string nodeName, string workspacePath, TimeProvider time, TimeSpan? interval, ILogger? logger, string procRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentException.ThrowIfNullOrEmpty(workspacePath);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrEmpty(procRoot);
        var every = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(interval));

        _nodeName = nodeName;
        _workspacePath = Path.GetFullPath(workspacePath);
        _time = time;
        _interval = every;
        _procRoot = procRoot;
        _logger = logger ?? NullLogger.Instance;
        _window = new CpuLoadWindow(CpuLoadWindow.CapacityFor(LongWindow, every));

        // The model does not change while the machine runs.
        _cpuModel = ProcCpuinfoParser.ParseModel(ReadProcFile("cpuinfo"));
        if (_cpuModel.Length == 0)
        {
            StatusSamplerLog.NoCpuModel(_logger, Path.Combine(_procRoot, "cpuinfo"));
        }
    }

    /// <summary>The time between CPU samples.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>
    /// Takes the first CPU reading and starts the timer. Until the first interval has passed the CPU loads are
    /// zero: one reading measures nothing.
    /// </summary>
    public void Start()
    {
        var first = ReadCpuTimes();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_timer is not null)
            {
                throw new InvalidOperationException("The status sampler is already started.");
            }

            _previous = first;
            _timer = _time.CreateTimer(static state => ((StatusSampler)state!).Sample(), this, _interval, _interval);
        }
    }

    /// <summary>The node's status now. Safe to call from any thread, before <see cref="Start"/> and after disposal.</summary>
    public NodeStatus GetCurrent()
    {
        double shortLoad, longLoad;
        lock (_gate)
        {
            shortLoad = _shortLoad;
            longLoad = _window.Mean;
        }

        var memory = ProcMeminfoParser.Parse(ReadProcFile("meminfo"));
        Report("meminfo", memory.TotalBytes > 0 ? null : "missing or malformed");

        var mounts = ReadProcFile("mounts");
        var root = ReadDisk("/");
        var workspace = ReadDisk(MountTable.FindMountPoint(mounts, _workspacePath));

        return new NodeStatus
        {
            Name = _nodeName,
            Platform = PlatformName.Current,
            CpuModel = _cpuModel,
            CpuCores = Environment.ProcessorCount,
            LocalTime = _time.GetLocalNow(),
            CpuLoadShort = shortLoad,
            CpuLoadLong = longLoad,
            MemoryUsedBytes = memory.UsedBytes,
            MemoryTotalBytes = memory.TotalBytes,
            DiskRootUsedBytes = root.UsedBytes,
            DiskRootTotalBytes = root.TotalBytes,
            DiskWorkspaceUsedBytes = workspace.UsedBytes,
            DiskWorkspaceTotalBytes = workspace.TotalBytes,
        };
    }

    /// <summary>Stops the timer, waiting for a sample in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            _disposed = true;
            timer = _timer;
            _timer = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync();
        }
    }

    // One timer tick. The percentage is over the ticks the kernel counted between the two readings, so a late
    // timer makes the sample cover a longer span but never makes it wrong.
    private void Sample()
    {
        var now = ReadCpuTimes();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!now.IsValid)
            {
                // Without readings there is nothing trustworthy to report: zeros, and start again on recovery.
                _shortLoad = 0;
                _window.Clear();
            }
            else if (now.BusyPercentSince(_previous) is { } percent)
            {
                _shortLoad = percent;
                _window.Add(percent);
            }

            _previous = now;
        }
    }

    private CpuTimes ReadCpuTimes()
    {
        var times = ProcStatParser.ParseAggregate(ReadProcFile("stat"));
        Report("stat", times.IsValid ? null : "missing or malformed aggregate cpu line");
        return times;
    }

    private DiskUsage ReadDisk(string mountPoint)
    {
        var usage = DiskUsage.Read(mountPoint, out var problem);
        Report("disk " + mountPoint, problem);
        return usage;
    }

    private string? ReadProcFile(string name)
    {
        var path = Path.Combine(_procRoot, name);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(name, e.Message);
            return null;
        }
    }

    // Logs a failing source once, and again only after it has recovered and failed anew, so a machine without
    // /proc/stat logs one warning rather than one every interval.
    private void Report(string source, string? problem)
    {
        bool changed;
        lock (_gate)
        {
            changed = problem is null ? _failing.Remove(source) : _failing.Add(source);
        }

        if (!changed)
        {
            return;
        }

        if (problem is null)
        {
            StatusSamplerLog.SourceRecovered(_logger, source);
        }
        else
        {
            StatusSamplerLog.SourceFailed(_logger, source, problem);
        }
    }
}
