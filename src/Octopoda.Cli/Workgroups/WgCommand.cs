using System.CommandLine;

namespace Octopoda.Cli.Workgroups;

/// <summary><c>octl wg</c>: workgroups, the tree of node groups that accounts and the current path live in.</summary>
internal sealed class WgCommand : Command
{
    public WgCommand(OctlContext context)
        : base("wg", "Workgroups: move around the tree (pwd, cd, ls), inspect and change groups, give them passwords and allow-lists")
    {
        Aliases.Add("workgroup");
        Subcommands.Add(new WgPwdCommand(context));
        Subcommands.Add(new WgCdCommand(context));
        Subcommands.Add(new WgLsCommand(context));
        Subcommands.Add(new WgGetCommand(context));
        Subcommands.Add(new WgAddCommand(context));
        Subcommands.Add(new WgRmCommand(context));
        Subcommands.Add(new WgGrantCommand(context));
        Subcommands.Add(new WgAllowCommand(context));
    }
}
