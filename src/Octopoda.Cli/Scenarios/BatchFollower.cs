using System.Collections.Concurrent;
using Octopoda.Cli.Commands;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Waits for the batches of an apply or a reset, several at once, and remembers those still in flight so Ctrl-C can
/// cancel them (<see cref="CancelInFlightAsync"/>).
/// </summary>
internal sealed class BatchFollower(OctlSession session, string scenario, TimeSpan? waitLimit)
{
    private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Submits with <paramref name="submit"/>, then waits until every task of its batch is final (or the wait limit
    /// passes: the rest are shown as they are, unfinished). <paramref name="app"/> is null for a batch spanning the
    /// scenario. <paramref name="label"/> names the batch if it has to be cancelled.
    /// </summary>
    public async Task<IReadOnlyList<NodeResult>> RunAsync(
        string? app, string label, Func<CancellationToken, Task<RunSubmission>> submit, CancellationToken cancellationToken)
    {
        var submission = await submit(cancellationToken);
        if (submission.Tasks.Count == 0)
        {
            return [];
        }

        _inFlight[submission.BatchId] = label;
        var results = new Dictionary<string, TaskView>(StringComparer.Ordinal);
        await foreach (var task in session.Client.WaitBatchAsync(submission.BatchId, waitLimit, cancellationToken))
        {
            results[task.Id] = task;
        }

        // The stream ends early only when the wait limit passed on the Brain: take the rest as they are now.
        if (results.Count < submission.Tasks.Count)
        {
            foreach (var task in await session.Client.GetBatchAsync(submission.BatchId, cancellationToken))
            {
                results.TryAdd(task.Id, task);
            }
        }

        _inFlight.TryRemove(submission.BatchId, out _);
        return submission.Tasks
            .Select(t => results.TryGetValue(t.Id, out var task) ? NodeResult.From(task, app, scenario) : NodeResult.Unlisted(t, app))
            .Concat(results.Values.Where(r => submission.Tasks.All(t => t.Id != r.Id)).Select(r => NodeResult.From(r, app, scenario)))
            .ToArray();
    }

    /// <summary>After Ctrl-C: cancels every batch still being waited for and says what became of each; returns how many there were.</summary>
    public async Task<int> CancelInFlightAsync()
    {
        var count = _inFlight.Count;
        using var budget = new CancellationTokenSource(BatchRunner.CancelBudget);
        foreach (var (batch, label) in _inFlight.OrderBy(b => b.Value, StringComparer.Ordinal))
        {
            await BatchRunner.CancelAndReportAsync(session, batch, label, budget.Token);
        }

        _inFlight.Clear();
        return count;
    }
}
