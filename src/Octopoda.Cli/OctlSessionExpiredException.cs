namespace Octopoda.Cli;

/// <summary>The login session's token has expired and nothing else gives one; nothing was sent. Exit code 5.</summary>
internal sealed class OctlSessionExpiredException(string message) : Exception(message);
