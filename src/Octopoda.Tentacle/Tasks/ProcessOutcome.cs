namespace Octopoda.Tentacle.Tasks;

/// <summary>How a task's process ended.</summary>
internal sealed record ProcessOutcome(int? ExitCode, string Stdout, string Stderr, bool Truncated, string? Error, bool TimedOut, bool Cancelled);
