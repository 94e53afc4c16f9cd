using System.CommandLine;

namespace Octopoda.Cli.Nodes;

/// <summary>The <c>targets…</c> argument the node commands share.</summary>
internal static class NodeTargets
{
    /// <summary>Zero or more targets; none means every node.</summary>
    public static Argument<string[]> Optional() => new("targets")
    {
        Description = "Node names, @groups, or ALL (default: every node)",
        Arity = ArgumentArity.ZeroOrMore,
    };
}
