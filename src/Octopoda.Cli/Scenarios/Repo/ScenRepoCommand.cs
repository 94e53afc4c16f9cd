using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>
/// <c>octl scen repo push|clone</c>: scenario folders kept in Git repositories on the server named by <c>git:</c> in
/// octl.yaml, through the system <c>git</c> (the original used go-git). Talks to no Brain.
/// </summary>
internal sealed class ScenRepoCommand : Command
{
    public ScenRepoCommand(OctlContext context)
        : base("repo", "Keep scenario folders in Git: push one to, or clone one from, <git.serveUrl>/<user>/<scen>.git")
    {
        Subcommands.Add(new ScenRepoPushCommand(context));
        Subcommands.Add(new ScenRepoCloneCommand(context));
    }

    /// <summary><c>-u|--username</c>: whose repository.</summary>
    internal static Option<string?> UserOption() => new("--username", "-u")
    {
        Description = "The repository's owner: <git.serveUrl>/<user>/<scen>.git (default: git.username in octl.yaml or $" +
            OctlSettingsResolver.GitUserVariable + ")",
        HelpName = "user",
    };

    /// <summary>The repository of <paramref name="scenario"/> on the configured server.</summary>
    internal static GitRemote Remote(OctlContext context, ParseResult parse, string? user, string scenario) =>
        GitRemote.For(
            OctlSettingsResolver.ResolveGit(context.Environment, parse.GetValue(context.Globals.Config)),
            string.IsNullOrWhiteSpace(user) ? null : user.Trim(),
            scenario);

    /// <summary>Runs <paramref name="action"/>, reporting a missing or failing git as <c>error: …</c> with git's own lines (exit 1).</summary>
    internal static async Task<int> RunAsync(OctlEnvironment environment, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (GitException ex)
        {
            FailureReporter.Write(ConsoleFactory.Create(environment.Error, environment.ErrorIsTerminal, environment), ex.Message, ex.Details);
            // ExitCodes has no general "failed" code yet; 1 is the one scripts already treat as "it did not work".
            return ExitCodes.TaskFailed;
        }
    }
}
