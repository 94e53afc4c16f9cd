namespace Octopoda.Protocol.Api;

/// <summary>How task delivery is doing: counts from the store, counters and latencies since the Brain started.</summary>
public sealed record DeliveryMetrics
{
    /// <summary>Tasks in the store by state (wire names).</summary>
    public required IReadOnlyDictionary<string, long> TasksByState { get; init; }

    /// <summary>Per node: tasks waiting for it and tasks it holds, busiest first.</summary>
    public required IReadOnlyList<NodeQueueDepth> Queues { get; init; }

    /// <summary>Tasks sent to nodes since the Brain started.</summary>
    public long Dispatched { get; init; }

    /// <summary>Sends of tasks already sent before, after a reconnect or a Brain restart (the Tentacle ignores the repeat).</summary>
    public long Redispatched { get; init; }

    /// <summary>Results received, and how many of them were repeats of a result already stored.</summary>
    public long ResultsReceived { get; init; }

    /// <summary>Repeated results (the Brain's acknowledgement was lost); they change nothing.</summary>
    public long DuplicateResults { get; init; }

    /// <summary>Tasks that ended expired since the Brain started.</summary>
    public long Expired { get; init; }

    /// <summary>From stored to sent, over the most recent dispatches.</summary>
    public required LatencySummary DispatchLatency { get; init; }

    /// <summary>From stored to final, over the most recent results.</summary>
    public required LatencySummary CompletionLatency { get; init; }
}

/// <summary>One node's queue.</summary>
public sealed record NodeQueueDepth
{
    /// <summary>The node.</summary>
    public required string Node { get; init; }

    /// <summary>Tasks stored and not yet sent.</summary>
    public long Queued { get; init; }

    /// <summary>Tasks sent and not yet acknowledged by the node.</summary>
    public long Dispatched { get; init; }

    /// <summary>Tasks the node accepted that have not finished (accepted or running).</summary>
    public long InFlight { get; init; }
}

/// <summary>Percentiles of a latency over a window of recent samples, in ms.</summary>
public sealed record LatencySummary
{
    /// <summary>Samples in the window.</summary>
    public long Count { get; init; }

    /// <summary>Median.</summary>
    public double? P50Ms { get; init; }

    /// <summary>90th percentile.</summary>
    public double? P90Ms { get; init; }

    /// <summary>99th percentile.</summary>
    public double? P99Ms { get; init; }

    /// <summary>Largest.</summary>
    public double? MaxMs { get; init; }
}
