using System.CommandLine;

namespace Octopoda.Cli.NodeApps;

/// <summary><c>octl napp</c>: NodeApps, one application of one scenario on one node, and their versions.</summary>
internal sealed class NappCommand : Command
{
    public NappCommand(OctlContext context)
        : base("napp", "NodeApps: an application of a scenario on one node, with its own versions")
    {
        Subcommands.Add(new NappGetCommand(context));
        Subcommands.Add(new NappVersionCommand(context));
        Subcommands.Add(new NappResetCommand(context));
    }
}
