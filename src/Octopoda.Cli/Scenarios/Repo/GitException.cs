namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>git is missing or failed; <see cref="Details"/> holds git's own (redacted) error lines. Exit code 1.</summary>
internal sealed class GitException(string message, IReadOnlyList<string> details) : Exception(message)
{
    /// <summary>What git wrote to stderr, one line each, with credentials removed.</summary>
    public IReadOnlyList<string> Details { get; } = details;
}
