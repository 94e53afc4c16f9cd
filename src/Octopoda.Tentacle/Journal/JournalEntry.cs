using Octopoda.Protocol.Agent;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Journal;

/// <summary>One task as the journal holds it: the dispatch as received, when it was accepted and how far it got.</summary>
internal sealed record JournalEntry
{
    /// <summary>Accept order (the row id): tasks still to run are re-run in this order after a restart.</summary>
    public required long Sequence { get; init; }

    public required TaskDispatch Dispatch { get; init; }

    public required long AcceptedAtUnixMs { get; init; }

    public required JournalTaskState State { get; init; }

    /// <summary>While running: the process (its group id is the same number, since tasks run under setsid).</summary>
    public int? ProcessId { get; init; }

    /// <summary>While running: the process's start time, to recognise a reused process id after a restart.</summary>
    public ProcessStamp? ProcessStamp { get; init; }

    public double? StartedAtUnixMs { get; init; }

    /// <summary>Once finished: the result, until the Brain acknowledges it (then without its output).</summary>
    public TaskResult? Result { get; init; }

    public bool Acknowledged { get; init; }
}
