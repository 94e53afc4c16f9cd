using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>How <c>octl cmd run</c> shows a batch as its tasks finish: one implementation per <c>-o</c> format.</summary>
internal interface IRunOutput
{
    /// <summary>The Brain stored the tasks.</summary>
    void Started(RunSubmission submission);

    /// <summary>A task reached its final state (or waiting ended before it did).</summary>
    void Finished(TaskView task);

    /// <summary>Every task is accounted for; <paramref name="aligned"/> is set for a time-aligned run.</summary>
    void Completed(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned);
}
