namespace Octopoda.Cli;

/// <summary>The arguments or the configuration are wrong; the message says what to do instead. Exit code 2.</summary>
internal sealed class OctlUsageException(string message) : Exception(message);
