using System.Diagnostics;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.EndToEnd.Tests;

/// <summary>The Brain's view of the tasks of some submissions, read through the SDK one batch per request, the batches at once.</summary>
internal sealed class TaskBoard(OctopodaClient client, IReadOnlyCollection<RunSubmission> submissions)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly HashSet<string> _ids = submissions.SelectMany(s => s.Tasks).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The last snapshot read, for messages; empty before the first read.</summary>
    public IReadOnlyDictionary<string, TaskView> Last { get; private set; } = new Dictionary<string, TaskView>();

    /// <summary>Id → task, for every task of the submissions.</summary>
    public async Task<IReadOnlyDictionary<string, TaskView>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var batches = await Task.WhenAll(submissions.Select(s => client.GetBatchAsync(s.BatchId, cancellationToken)));
        Last = batches.SelectMany(b => b).Where(t => _ids.Contains(t.Id)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        return Last;
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds for the snapshot, riding out a Brain that is restarting
    /// (transport failures are retried); throws naming <paramref name="what"/> with the state counts seen last.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TaskView>> WaitUntilAsync(
        Func<IReadOnlyDictionary<string, TaskView>, bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        Exception? lastError = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                var snapshot = await ReadAsync();
                if (condition(snapshot))
                {
                    return snapshot;
                }
            }
            catch (OctopodaException ex) when (ex.IsTransient)
            {
                lastError = ex;
            }

            await Task.Delay(PollInterval);
        }

        var stuck = Last.Values.Where(t => !t.State.IsFinal()).Take(10).Select(t => $"{t.Id} on {t.Node}: {t.State.ToWireName()}");
        throw new TimeoutException(
            $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Last seen: {Counts(Last.Values)}, {_ids.Count - Last.Count} unknown to the Brain. "
            + $"Not final (first 10): {string.Join("; ", stuck)}." + (lastError is null ? "" : $" Last error: {lastError.Message}"));
    }

    /// <summary>Waits until every task is final.</summary>
    public Task<IReadOnlyDictionary<string, TaskView>> WaitAllFinalAsync(TimeSpan timeout) =>
        WaitUntilAsync(s => s.Count == _ids.Count && s.Values.All(t => t.State.IsFinal()), timeout, $"all {_ids.Count} tasks to be final");

    /// <summary>"succeeded 498, lost 2", states in lifecycle order.</summary>
    public static string Counts(IEnumerable<TaskView> tasks) =>
        string.Join(", ", tasks.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Key.ToWireName()} {g.Count()}"));
}
