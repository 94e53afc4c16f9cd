namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>What one git run produced (stderr already redacted).</summary>
/// <param name="ExitCode">git's exit code.</param>
/// <param name="Out">stdout.</param>
/// <param name="Error">stderr, with credentials removed.</param>
internal sealed record GitOutput(int ExitCode, string Out, string Error)
{
    /// <summary>True when git exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
