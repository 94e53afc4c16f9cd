namespace Octopoda.Tentacle.Tasks;

/// <summary>A task's start: its process (none for tasks without one, like <c>httpget</c>) and when it began (Unix ms, fractional).</summary>
internal readonly record struct ProcessStart(int? ProcessId, double StartedAtUnixMs);
