using System.CommandLine;

namespace Octopoda.Cli.Nodes;

/// <summary><c>octl node</c>: the nodes known to the Brain.</summary>
internal sealed class NodeCommand : Command
{
    public NodeCommand(OctlContext context)
        : base("node", "Inspect and manage the nodes known to the Brain; follow a file or fetch a URL on them")
    {
        Subcommands.Add(new NodeGetCommand(context));
        Subcommands.Add(new NodeStatusCommand(context));
        Subcommands.Add(new NodePruneCommand(context));
        Subcommands.Add(new NodeRevokeCommand(context));
        Subcommands.Add(new NodeTailCommand(context));
        Subcommands.Add(new NodeHttpGetCommand(context));
    }
}
