using Octopoda.Cli.Output;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Commands;

/// <summary>How a batch went, counted by node, and the exit code that says it.</summary>
/// <param name="Total">Tasks in the batch.</param>
/// <param name="Succeeded">Ran and exited 0.</param>
/// <param name="Failed">Failed, cancelled or lost.</param>
/// <param name="Unreachable">Expired: the node was offline for the whole time-to-live.</param>
/// <param name="Unfinished">Not final yet when waiting ended.</param>
internal sealed record BatchOutcome(int Total, int Succeeded, int Failed, int Unreachable, int Unfinished)
{
    /// <summary>Counts <paramref name="states"/>.</summary>
    public static BatchOutcome Of(IEnumerable<TaskState> states)
    {
        int total = 0, succeeded = 0, failed = 0, unreachable = 0, unfinished = 0;
        foreach (var state in states)
        {
            total++;
            switch (Classify(state))
            {
                case Verdict.Succeeded:
                    succeeded++;
                    break;
                case Verdict.Failed:
                    failed++;
                    break;
                case Verdict.Unreachable:
                    unreachable++;
                    break;
                default:
                    unfinished++;
                    break;
            }
        }

        return new BatchOutcome(total, succeeded, failed, unreachable, unfinished);
    }

    /// <summary>What a task's state means for the batch.</summary>
    public static Verdict Classify(TaskState state) => state switch
    {
        TaskState.Succeeded => Verdict.Succeeded,
        TaskState.Failed or TaskState.Cancelled or TaskState.Lost => Verdict.Failed,
        TaskState.Expired => Verdict.Unreachable,
        _ => Verdict.Unfinished,
    };

    /// <summary>Any failure (an unfinished task counts as one) beats unreachable nodes, which beat success.</summary>
    public int ExitCode =>
        Failed > 0 || Unfinished > 0 ? ExitCodes.TaskFailed
        : Unreachable > 0 ? ExitCodes.NodesUnreachable
        : ExitCodes.Success;

    /// <summary><c>3 nodes: 2 succeeded, 1 failed, 0 unreachable</c>.</summary>
    public string Summary =>
        $"{HumanFormat.Count(Total, "node")}: {Succeeded} succeeded, {Failed} failed, {Unreachable} unreachable" +
        (Unfinished > 0 ? $", {Unfinished} unfinished" : "");
}
