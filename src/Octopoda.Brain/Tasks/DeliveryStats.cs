using System.Diagnostics.Metrics;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Counters and latencies of task delivery since the Brain started, fed by the <see cref="TaskUpdateWriter"/> as
/// it commits changes. Also published as <see cref="System.Diagnostics.Metrics"/> instruments (meter
/// <c>Octopoda.Brain.Delivery</c>) for the Prometheus exposition to come.
/// </summary>
internal sealed class DeliveryStats : IDisposable
{
    private readonly Meter _meter = new("Octopoda.Brain.Delivery");
    private readonly Counter<long> _dispatchedCounter;
    private readonly Counter<long> _redispatchedCounter;
    private readonly Counter<long> _resultsCounter;
    private readonly Histogram<double> _dispatchLatencyHistogram;
    private long _dispatched;
    private long _redispatched;
    private long _results;
    private long _duplicates;
    private long _expired;

    public DeliveryStats()
    {
        _dispatchedCounter = _meter.CreateCounter<long>("octopoda.tasks.dispatched", description: "Tasks sent to nodes");
        _redispatchedCounter = _meter.CreateCounter<long>("octopoda.tasks.redispatched", description: "Tasks sent again after a reconnect or restart");
        _resultsCounter = _meter.CreateCounter<long>("octopoda.tasks.results", description: "Task results received");
        _dispatchLatencyHistogram = _meter.CreateHistogram<double>("octopoda.tasks.dispatch_latency", unit: "ms", description: "From stored to sent");
    }

    public long Dispatched => Interlocked.Read(ref _dispatched);

    public long Redispatched => Interlocked.Read(ref _redispatched);

    public long ResultsReceived => Interlocked.Read(ref _results);

    public long DuplicateResults => Interlocked.Read(ref _duplicates);

    public long Expired => Interlocked.Read(ref _expired);

    public LatencyWindow DispatchLatency { get; } = new();

    public LatencyWindow CompletionLatency { get; } = new();

    /// <summary>Tasks that ended expired when submitted (no time-to-live, node not connected).</summary>
    public void AddExpiredAtSubmit(int count) => Interlocked.Add(ref _expired, count);

    /// <summary>Accounts for one change as the writer applies it.</summary>
    public void Record(TaskRecord task, TaskUpdate update, bool applied, bool wasFinal)
    {
        switch (update)
        {
            case TaskUpdate.Dispatched d:
                Interlocked.Increment(ref _dispatched);
                _dispatchedCounter.Add(1);
                if (d.Repeat)
                {
                    Interlocked.Increment(ref _redispatched);
                    _redispatchedCounter.Add(1);
                }
                else if (applied && task.DispatchCount == 1)
                {
                    var ms = (d.At - task.CreatedAt).TotalMilliseconds;
                    DispatchLatency.Add(ms);
                    _dispatchLatencyHistogram.Record(ms);
                }

                break;
            case TaskUpdate.Finished:
                Interlocked.Increment(ref _results);
                _resultsCounter.Add(1);
                if (wasFinal)
                {
                    Interlocked.Increment(ref _duplicates);
                }

                break;
        }

        if (applied && !wasFinal && task.State.IsFinal())
        {
            if (task.FinishedAt is { } finished)
            {
                CompletionLatency.Add((finished - task.CreatedAt).TotalMilliseconds);
            }

            if (task.State == TaskState.Expired)
            {
                Interlocked.Increment(ref _expired);
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}
