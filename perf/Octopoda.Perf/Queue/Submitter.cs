using System.Diagnostics;
using System.Threading.Channels;
using Octopoda.Perf.Api;
using Octopoda.Perf.Bench;
using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Queue;

/// <summary>
/// Makes <c>posts</c> POSTs with a fixed number in flight (each worker sends its next as soon as its last is
/// answered: a closed loop, so the rate measured is the Brain's, not a rate we impose). Each accepted batch goes
/// to <c>batches</c> for whoever watches completion.
/// </summary>
internal static class Submitter
{
    public static async Task<SubmitOutcome> RunAsync(
        BrainApi api,
        int posts,
        Func<int, RunCommandRequest> request,
        int concurrency,
        Stopwatch clock,
        ChannelWriter<(string BatchId, int Tasks)>? batches,
        CancellationToken cancellationToken)
    {
        var latencies = new double[posts];
        var next = -1;
        long tasks = 0;
        var failed = 0;
        string? firstError = null;
        var workers = Enumerable.Range(0, Math.Min(concurrency, posts)).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < posts)
                {
                    var answer = await api.SubmitAsync(request(i), cancellationToken);
                    latencies[i] = answer.Elapsed.TotalMilliseconds;
                    if (answer.Submission is { } submission)
                    {
                        Interlocked.Add(ref tasks, submission.Tasks.Count);
                        batches?.TryWrite((submission.BatchId, submission.Tasks.Count));
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, answer.Error, null);
                    }
                }
            },
            cancellationToken));
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            batches?.TryComplete();
        }

        return new SubmitOutcome(posts, Interlocked.Read(ref tasks), failed, firstError, clock.Elapsed, Percentiles.Of(latencies));
    }
}
