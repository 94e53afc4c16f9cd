namespace Octopoda.Perf.CommandLine;

/// <summary>The command line does not add up; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
