namespace Octopoda.Tentacle.Tasks;

/// <summary>How a task's process (or request) ended.</summary>
internal sealed record ProcessOutcome
{
    public int? ExitCode { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool Truncated { get; init; }

    /// <summary>Why it did not succeed, in words.</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>The kind's structured report as JSON (<see cref="Protocol.Agent.TaskResult.Report"/>), when it has one.</summary>
    public string? Report { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>Null when nothing started (refused, cancelled first, or the executable was missing).</summary>
    public ProcessStart? Start { get; init; }

    public static ProcessOutcome NotStarted(string? error, bool cancelled = false) => new() { Error = error, Cancelled = cancelled };
}
