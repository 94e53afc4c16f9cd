using System.CommandLine;

namespace Octopoda.Cli.Scenarios;

/// <summary><c>octl scen</c>: multi-node scenarios deployed from a folder (issue 6; <c>create</c> so far).</summary>
internal sealed class ScenCommand : Command
{
    public ScenCommand(OctlContext context)
        : base("scen", "Scenarios: applications deployed to nodes from a folder with deployment.yaml")
    {
        Subcommands.Add(new ScenCreateCommand(context));
        Subcommands.Add(new ScenApplyCommand(context));
        Subcommands.Add(new ScenGetCommand(context));
        Subcommands.Add(new ScenVersionCommand(context));
        Subcommands.Add(new ScenResetCommand(context));
        Subcommands.Add(new Repo.ScenRepoCommand(context));
    }
}
