namespace Octopoda.Perf.Simulation;

/// <summary>Counters every virtual node updates (lock-free), read by the progress reporter.</summary>
internal sealed class SimulatorStats
{
    private int _connected;
    private long _connects;
    private long _tasks;
    private long _duplicates;
    private long _statusReports;
    private volatile string? _lastFailure;

    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Successful connections so far, first ones included.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    public long Tasks => Interlocked.Read(ref _tasks);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long StatusReports => Interlocked.Read(ref _statusReports);

    public string? LastFailure => _lastFailure;

    public void OnConnected()
    {
        Interlocked.Increment(ref _connected);
        Interlocked.Increment(ref _connects);
    }

    public void OnDisconnected() => Interlocked.Decrement(ref _connected);

    public void OnTask() => Interlocked.Increment(ref _tasks);

    public void OnDuplicate() => Interlocked.Increment(ref _duplicates);

    public void OnStatusReport() => Interlocked.Increment(ref _statusReports);

    public void OnFailure(string nodeName, string reason) => _lastFailure = $"{nodeName}: {reason}";
}
