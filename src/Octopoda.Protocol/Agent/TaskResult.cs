using Octopoda.Protocol.Tasks;

namespace Octopoda.Protocol.Agent;

/// <summary>A task's final state. The Tentacle re-sends it on every connection until a <see cref="TaskResultAck"/> arrives.</summary>
public sealed record TaskResult
{
    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>A final state: succeeded, failed, cancelled or lost.</summary>
    public required TaskState State { get; init; }

    /// <summary>The process's exit code, when it exited; a signal kill reports 128 + the signal number.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Captured standard output (UTF-8, at most <see cref="ProtocolInfo.MaxCapturedOutputBytes"/>).</summary>
    public string Stdout { get; init; } = "";

    /// <summary>Captured standard error (UTF-8, at most <see cref="ProtocolInfo.MaxCapturedOutputBytes"/>).</summary>
    public string Stderr { get; init; } = "";

    /// <summary>True when output beyond the limit was dropped.</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>
    /// A kind's structured report as JSON, besides the logs (a <see cref="Scenarios.NodeAppReport"/> for the NodeApp
    /// kinds), at most <see cref="MaxReportChars"/> characters.
    /// </summary>
    public string? Report { get; init; }

    /// <summary>The most a <see cref="Report"/> may hold.</summary>
    public const int MaxReportChars = 128 * 1024;

    /// <summary>Why the task did not succeed, in words, when it did not.</summary>
    public string? Error { get; init; }

    /// <summary>When the process started, Tentacle clock (Unix ms); null when it never started.</summary>
    public double? StartedAtUnixMs { get; init; }

    /// <summary>When the task ended, Tentacle clock (Unix ms).</summary>
    public required long FinishedAtUnixMs { get; init; }
}
