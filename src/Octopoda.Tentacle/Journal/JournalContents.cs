using Octopoda.Protocol.Agent;

namespace Octopoda.Tentacle.Journal;

/// <summary>What a Tentacle needs from its journal at start: every id it knows, the unfinished tasks, the outbox.</summary>
internal sealed record JournalContents(
    IReadOnlyCollection<string> KnownIds,
    IReadOnlyList<JournalEntry> Unfinished,
    IReadOnlyList<TaskResult> Unacknowledged);
