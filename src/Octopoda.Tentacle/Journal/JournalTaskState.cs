namespace Octopoda.Tentacle.Journal;

/// <summary>Where a journaled task is. Stored as its number: never renumber.</summary>
internal enum JournalTaskState
{
    /// <summary>Recorded and acknowledged to the Brain; its process has not started (queued, delayed or aligned).</summary>
    Accepted = 0,

    /// <summary>Its process is (or was about to be) running; the row names the process once it started.</summary>
    Running = 1,

    /// <summary>It has a final result, kept until the Brain acknowledges it.</summary>
    Finished = 2,

    /// <summary>Cancelled before its dispatch arrived: the id is reserved so a late dispatch never runs.</summary>
    Tombstone = 3,
}
