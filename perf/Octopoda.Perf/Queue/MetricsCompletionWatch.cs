using System.Diagnostics;
using Octopoda.Perf.Api;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Queue;

/// <summary>
/// Completion seen through <c>GET /api/v1/metrics/delivery</c>: its store counts by state, polled every
/// <see cref="Interval"/>, minus the counts before the run. The run is complete at the first answer, after the last
/// POST was answered, in which the final states have grown by every task the run stored. That answer's arrival
/// is the time reported, so the figure is late by at most one interval plus one query: 100 ms on runs of many
/// seconds. One grouped count per poll is the only load it adds.
/// </summary>
internal sealed class MetricsCompletionWatch(BrainApi api, IReadOnlyDictionary<TaskState, long> before)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public const string Method = "delivery metrics";

    /// <summary>Store counts by state from one metrics answer (unknown state names are ignored).</summary>
    public static Dictionary<TaskState, long> CountsOf(DeliveryMetrics metrics)
    {
        var counts = new Dictionary<TaskState, long>();
        foreach (var (name, count) in metrics.TasksByState)
        {
            if (Enum.TryParse<TaskState>(name, ignoreCase: true, out var state))
            {
                counts[state] = count;
            }
        }

        return counts;
    }

    public async Task<CompletionOutcome> WatchAsync(Task<SubmitOutcome> submitting, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var delta = new Dictionary<TaskState, long>();
        long final = 0;
        using var timer = new PeriodicTimer(Interval);
        while (clock.Elapsed < timeout && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var metrics = await api.GetDeliveryMetricsAsync(cancellationToken);
            if (metrics is null)
            {
                return new CompletionOutcome(null, final, delta, Method, "the Brain stopped answering GET /api/v1/metrics/delivery");
            }

            var seenAt = clock.Elapsed;
            var now = CountsOf(metrics);
            delta = Enum.GetValues<TaskState>().ToDictionary(s => s, s => now.GetValueOrDefault(s) - before.GetValueOrDefault(s));
            final = delta.Where(d => d.Key.IsFinal()).Sum(d => d.Value);
            if (submitting.IsCompleted && final >= (await submitting).Tasks)
            {
                return new CompletionOutcome(seenAt, final, delta, Method, null);
            }
        }

        return new CompletionOutcome(null, final, delta, Method, $"not all final within {timeout.TotalSeconds:0} s");
    }
}
