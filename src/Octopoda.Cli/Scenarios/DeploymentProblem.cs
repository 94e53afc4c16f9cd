namespace Octopoda.Cli.Scenarios;

/// <summary>What is wrong in a scenario folder: the file, the line (1-based; 0 when it is about the whole file) and what to do.</summary>
internal sealed record DeploymentProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
