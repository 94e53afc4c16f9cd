namespace Octopoda.Cli.Tests.Support;

/// <summary>What one in-process octl run produced.</summary>
internal sealed record OctlResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
