using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Nodes;

/// <summary><c>octl node prune targets…</c>: forget offline nodes; online and unstable ones are kept.</summary>
internal sealed class NodePruneCommand : Command
{
    private readonly Argument<string[]> _targets = new("targets")
    {
        Description = "Node names, @groups, or ALL; only the offline ones among them are forgotten",
        Arity = ArgumentArity.OneOrMore,
    };

    public NodePruneCommand(OctlContext context)
        : base("prune", "Forget offline nodes (nodes that are online or unstable are kept)")
    {
        Arguments.Add(_targets);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await session.Client.PruneNodesAsync(parse.GetRequiredValue(_targets), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, result, ProtocolJsonContext.Default.PruneResponse);
                break;
            case OutputFormat.Lines:
                foreach (var name in result.Pruned)
                {
                    session.OutWriter.WriteLine($"pruned {name}");
                }

                foreach (var name in result.Kept)
                {
                    session.OutWriter.WriteLine($"kept {name}");
                }

                break;
            default:
                var console = session.OutConsole;
                console.MarkupLine(result.Pruned.Count == 0
                    ? "pruned no node"
                    : $"pruned {HumanFormat.Count(result.Pruned.Count, "node")}: {Markup.Escape(string.Join(", ", result.Pruned))}");
                if (result.Kept.Count > 0)
                {
                    console.MarkupLine(
                        $"kept {HumanFormat.Count(result.Kept.Count, "node")} because not offline: {Markup.Escape(string.Join(", ", result.Kept))}");
                }

                break;
        }

        return ExitCodes.Success;
    }
}
