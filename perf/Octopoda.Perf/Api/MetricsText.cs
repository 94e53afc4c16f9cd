using System.Globalization;
using Octopoda.Perf.Bench;
using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Api;

/// <summary>Delivery metrics in one line, for benchmark logs.</summary>
internal static class MetricsText
{
    public static string Describe(DeliveryMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        static string L(LatencySummary l) =>
            $"p50 {Percentiles.Format(l.P50Ms)} p90 {Percentiles.Format(l.P90Ms)} p99 {Percentiles.Format(l.P99Ms)} max {Percentiles.Format(l.MaxMs)} ms (n={l.Count})";
        var states = string.Join(", ", m.TasksByState.Where(s => s.Value > 0).Select(s => $"{s.Key} {s.Value}"));
        var busiest = string.Join(", ", m.Queues.Take(3).Select(q => $"{q.Node} queued {q.Queued}/dispatched {q.Dispatched}/in flight {q.InFlight}"));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"delivery metrics: store {{{states}}}; dispatched {m.Dispatched}, redispatched {m.Redispatched}, results {m.ResultsReceived} (duplicates {m.DuplicateResults}), expired {m.Expired}; stored→sent {L(m.DispatchLatency)}; stored→final {L(m.CompletionLatency)}");
        return busiest.Length > 0 ? $"{text}; busiest queues: {busiest}" : text;
    }
}
