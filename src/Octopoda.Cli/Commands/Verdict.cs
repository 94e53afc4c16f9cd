namespace Octopoda.Cli.Commands;

/// <summary>A task's state as the batch summary and the exit code see it.</summary>
internal enum Verdict
{
    /// <summary>Succeeded.</summary>
    Succeeded,

    /// <summary>Failed, cancelled or lost.</summary>
    Failed,

    /// <summary>Expired: its node was not reachable.</summary>
    Unreachable,

    /// <summary>Not final yet.</summary>
    Unfinished,
}
