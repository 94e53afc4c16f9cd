namespace Octopoda.Protocol.Api;

/// <summary>Run a command line or a script on target nodes; exactly one of <see cref="Command"/> and <see cref="Script"/>.</summary>
public sealed record RunCommandRequest
{
    /// <summary>The command line (run by <c>bash -c</c> on each node).</summary>
    public string? Command { get; init; }

    /// <summary>A script's text (run by <c>bash</c> on each node).</summary>
    public string? Script { get; init; }

    /// <summary>The script's file name, for the node's environment and messages.</summary>
    public string? ScriptName { get; init; }

    /// <summary>Start detached and report the process id.</summary>
    public bool Background { get; init; }

    /// <summary>Node names, <c>ALL</c> or <c>@all</c>.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>How long a task may wait for an offline node, in seconds; 0 (the default) fails it at once.</summary>
    public int TtlSeconds { get; init; }

    /// <summary>Kill the process tree after this many seconds; null for no limit.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Let these tasks run beside the node's other tasks instead of after them.</summary>
    public bool Parallel { get; init; }

    /// <summary><c>cmd xrun -d</c>: the node accepts the task now and starts it this many seconds later.</summary>
    public int? DelaySeconds { get; init; }

    /// <summary><c>-ta</c>: start on every node at the same instant, using the clock offsets measured by heartbeats.</summary>
    public bool TimeAligned { get; init; }

    /// <summary>For <see cref="TimeAligned"/>: the largest acceptable start error per node, in ms (default 50).</summary>
    public int? AlignToleranceMs { get; init; }

    /// <summary>Repeat the run every this many seconds (a schedule, kept across Brain restarts); needs <see cref="ForSeconds"/>.</summary>
    public int? EverySeconds { get; init; }

    /// <summary>For <see cref="EverySeconds"/>: how long the schedule lasts, in seconds from now.</summary>
    public int? ForSeconds { get; init; }
}
