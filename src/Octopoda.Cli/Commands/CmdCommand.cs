using System.CommandLine;

namespace Octopoda.Cli.Commands;

/// <summary><c>octl cmd</c>: run commands and scripts on nodes.</summary>
internal sealed class CmdCommand : Command
{
    public CmdCommand(OctlContext context)
        : base("cmd", "Run commands and scripts on nodes")
    {
        Subcommands.Add(new CmdRunCommand(context));
        Subcommands.Add(new CmdXrunCommand(context));
    }
}
