using Octopoda.Cli.Output;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Spectre.Console;

namespace Octopoda.Cli.Commands;

/// <summary>
/// Sees a submitted batch through for <c>cmd run</c>, <c>cmd xrun</c> and <c>node httpget</c>: waits for each task's
/// result (or, with <c>--follow</c>, streams the output as it comes), shows it in the chosen format, and turns the
/// outcome into the exit code. Ctrl-C cancels the batch's unfinished tasks and exits 130.
/// </summary>
internal static class BatchRunner
{
    /// <summary>How long cancelling may take after Ctrl-C: the user asked to stop, so this is kept short.</summary>
    internal static readonly TimeSpan CancelBudget = TimeSpan.FromSeconds(10);

    /// <summary>Refuses combinations that cannot be shown, before anything is sent.</summary>
    public static void CheckFormat(OctlSession session, bool follow)
    {
        if (follow && session.Format == OutputFormat.Json)
        {
            throw new OctlUsageException(
                "--follow prints the nodes' output as it arrives, which is not JSON; leave out --follow to get one JSON document at the end");
        }
    }

    /// <summary>Shows <paramref name="submission"/> until every task is final; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        OctlSession session, RunSubmission submission, bool follow, bool aligned, CancellationToken cancellationToken)
    {
        var follower = follow ? new FollowRunOutput(session, prefix: session.Format == OutputFormat.Lines || submission.Tasks.Count > 1) : null;
        IRunOutput output = follower is not null ? follower : session.Format switch
        {
            OutputFormat.Json => new JsonRunOutput(session.OutWriter),
            OutputFormat.Lines => new LinesRunOutput(session.OutWriter, session.ErrorWriter),
            _ => new TableRunOutput(session.OutConsole, session.OutWriter),
        };
        output.Started(submission);

        var results = new List<TaskView>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Finish(TaskView task)
        {
            if (seen.Add(task.Id))
            {
                results.Add(task);
                output.Finished(task);
            }
        }

        try
        {
            if (follower is not null)
            {
                await foreach (var item in session.Client.StreamBatchAsync(submission.BatchId, cancellationToken))
                {
                    switch (item.Type)
                    {
                        case TaskStreamEvent.OutputType:
                            follower.Output(item);
                            break;
                        case TaskStreamEvent.FinalType when item.Task is { } task:
                            Finish(task);
                            break;
                    }
                }
            }
            else
            {
                await foreach (var task in session.Client.WaitBatchAsync(submission.BatchId, timeout: null, cancellationToken))
                {
                    Finish(task);
                }
            }

            // The stream ends early only if the Brain stopped it; show the rest as they are now.
            if (results.Count < submission.Tasks.Count)
            {
                foreach (var task in await session.Client.GetBatchAsync(submission.BatchId, cancellationToken))
                {
                    Finish(task);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(session, submission);
            return ExitCodes.Cancelled;
        }

        var outcome = BatchOutcome.Of(results.Select(r => r.State));
        output.Completed(submission, results, outcome, aligned ? AlignedStart.Measure(results) : null);
        return outcome.ExitCode;
    }

    /// <summary>After Ctrl-C: cancels what has not finished and says what became of the batch.</summary>
    private static async Task CancelAsync(OctlSession session, RunSubmission submission)
    {
        using var budget = new CancellationTokenSource(CancelBudget);
        await CancelAndReportAsync(session, submission.BatchId, label: null, budget.Token);

        if (submission.ScheduleId is { } schedule)
        {
            session.ErrorConsole.MarkupLine(
                Markup.Escape($"the schedule {schedule} still runs; stop it with 'octl schedule stop {schedule}'"));
        }
    }

    /// <summary>
    /// Cancels a batch's unfinished tasks and says on stderr what became of them (or why it could not, and where to
    /// look), within <paramref name="budget"/> (<see cref="CancelBudget"/>). <paramref name="label"/> names the batch's part.
    /// </summary>
    internal static async Task CancelAndReportAsync(OctlSession session, string batch, string? label, CancellationToken budget)
    {
        try
        {
            var tasks = await session.Client.CancelBatchAsync(batch, budget);
            var cancelled = tasks.Count(t => t.State == TaskState.Cancelled);
            var stopping = tasks.Count(t => !t.State.IsFinal());
            FailureReporter.Write(session.ErrorConsole,
                $"interrupted: cancelled batch {batch}{(label is null ? "" : $" ({label})")}: {HumanFormat.Count(cancelled, "task")} cancelled, {stopping} stopping, " +
                $"{tasks.Count - cancelled - stopping} already finished");
        }
        catch (Exception ex) when (ex is OctopodaException or OperationCanceledException)
        {
            var reason = ex is OctopodaException ? ex.Message : $"the Brain did not answer within {HumanFormat.Duration(CancelBudget)}";
            FailureReporter.Write(session.ErrorConsole,
                $"interrupted: could not cancel batch {batch} ({(label is null ? "" : label + "; ")}{reason}); its tasks may still run: see 'octl task list --batch {batch}'");
        }
    }
}
