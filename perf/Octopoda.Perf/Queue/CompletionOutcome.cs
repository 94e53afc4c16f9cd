using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Queue;

/// <summary>
/// When every task of the run was seen final (null if not within the timeout), how many were, in which states,
/// and how completion was observed.
/// </summary>
internal sealed record CompletionOutcome(TimeSpan? AllFinalAt, long Final, IReadOnlyDictionary<TaskState, long> States, string Method, string? Note)
{
    public long Count(TaskState state) => States.GetValueOrDefault(state);
}
