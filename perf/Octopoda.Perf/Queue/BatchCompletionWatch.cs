using System.Diagnostics;
using System.Threading.Channels;
using Octopoda.Perf.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Queue;

/// <summary>
/// Completion seen through <c>GET /api/v1/batches/{id}/wait</c>, for Brains without delivery metrics: a few
/// waiters take the batches in the order they were accepted and hold one wait each until it ends. Batches finish
/// roughly in that order, so the waiters keep pace, and the moment the last wait ends is when the last task
/// became final (to within one round trip). The price is one request per batch on the Brain while it works,
/// which lowers the accepted rate a little when every POST is its own batch: compare runs by the same method.
/// </summary>
internal sealed class BatchCompletionWatch(BrainApi api, ChannelReader<(string BatchId, int Tasks)> batches, int waiters)
{
    public const string Method = "batch waits";

    public async Task<CompletionOutcome> WatchAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var states = new long[Enum.GetValues<TaskState>().Length];
        long missing = 0;
        var lastEnd = TimeSpan.Zero;
        var gate = new Lock();
        var workers = Enumerable.Range(0, waiters).Select(_ => Task.Run(
            async () =>
            {
                await foreach (var (batchId, count) in batches.ReadAllAsync(cancellationToken))
                {
                    var left = timeout - clock.Elapsed;
                    var tasks = left > TimeSpan.Zero ? await api.WaitBatchAsync(batchId, left, cancellationToken) : [];
                    var end = clock.Elapsed;
                    foreach (var task in tasks.Where(t => t.State.IsFinal()))
                    {
                        Interlocked.Increment(ref states[(int)task.State]);
                    }

                    Interlocked.Add(ref missing, count - tasks.Count(t => t.State.IsFinal()));
                    lock (gate)
                    {
                        lastEnd = end > lastEnd ? end : lastEnd;
                    }
                }
            },
            cancellationToken));
        await Task.WhenAll(workers);

        var byState = Enum.GetValues<TaskState>().ToDictionary(s => s, s => states[(int)s]);
        var final = byState.Where(s => s.Key.IsFinal()).Sum(s => s.Value);
        return missing == 0
            ? new CompletionOutcome(lastEnd, final, byState, Method, null)
            : new CompletionOutcome(null, final, byState, Method, $"{missing} tasks not final within {timeout.TotalSeconds:0} s");
    }
}
