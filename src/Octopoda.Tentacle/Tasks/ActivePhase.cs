namespace Octopoda.Tentacle.Tasks;

/// <summary>How far an accepted task got in this Tentacle process. Changed only under the executor's lock.</summary>
internal enum ActivePhase
{
    /// <summary>Accepted; queued behind ordered tasks, delayed, or waiting for its aligned start. A cancel ends it at once.</summary>
    Waiting,

    /// <summary>Marked running in the journal; its process is being started. A cancel stops the start or kills the process.</summary>
    Starting,

    /// <summary>Its process runs.</summary>
    Running,

    /// <summary>It has a result (or was left for the next start); nothing else happens to it here.</summary>
    Done,
}
