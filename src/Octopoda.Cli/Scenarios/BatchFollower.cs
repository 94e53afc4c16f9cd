using System.Collections.Concurrent;
using Octopoda.Cli.Output;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Waits for the batches of an apply or a reset, several at once, and remembers those still in flight so Ctrl-C can
/// cancel them (<see cref="CancelInFlightAsync"/>).
/// </summary>
internal sealed class BatchFollower(OctlSession session, string scenario, TimeSpan? waitLimit)
{
    /// <summary>How long cancelling may take after Ctrl-C: the user asked to stop, so this is kept short (as in <c>cmd run</c>).</summary>
    private static readonly TimeSpan CancelBudget = TimeSpan.FromSeconds(10);

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
        using var budget = new CancellationTokenSource(CancelBudget);
        foreach (var (batch, label) in _inFlight.OrderBy(b => b.Value, StringComparer.Ordinal))
        {
            try
            {
                var tasks = await session.Client.CancelBatchAsync(batch, budget.Token);
                var cancelled = tasks.Count(t => t.State == TaskState.Cancelled);
                var stopping = tasks.Count(t => !t.State.IsFinal());
                FailureReporter.Write(session.ErrorConsole,
                    $"interrupted: cancelled batch {batch} ({label}): {HumanFormat.Count(cancelled, "task")} cancelled, {stopping} stopping, " +
                    $"{tasks.Count - cancelled - stopping} already finished");
            }
            catch (Exception ex) when (ex is OctopodaException or OperationCanceledException)
            {
                var reason = ex is OctopodaException ? ex.Message : $"the Brain did not answer within {HumanFormat.Duration(CancelBudget)}";
                FailureReporter.Write(session.ErrorConsole,
                    $"interrupted: could not cancel batch {batch} ({label}; {reason}); its tasks may still run: see 'octl task list --batch {batch}'");
            }
        }

        _inFlight.Clear();
        return count;
    }
}
