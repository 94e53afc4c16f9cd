using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>Prints nothing until the end, then one JSON document: the batch, every task, the counts and the start spread.</summary>
internal sealed class JsonRunOutput(TextWriter stdout) : IRunOutput
{
    public void Started(RunSubmission submission)
    {
    }

    public void Finished(TaskView task)
    {
    }

    public void Completed(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned) =>
        JsonOutput.Write(stdout, Report(submission, results, outcome, aligned), CmdRunJsonContext.Default.CmdRunReport);

    internal static CmdRunReport Report(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned) => new()
    {
        BatchId = submission.BatchId,
        ScheduleId = submission.ScheduleId,
        Results = results.OrderBy(r => r.Node, StringComparer.Ordinal).ToArray(),
        Total = outcome.Total,
        Succeeded = outcome.Succeeded,
        Failed = outcome.Failed,
        Unreachable = outcome.Unreachable,
        AlignedStart = aligned,
    };
}
