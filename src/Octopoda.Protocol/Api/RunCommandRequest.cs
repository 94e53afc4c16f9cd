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
}
