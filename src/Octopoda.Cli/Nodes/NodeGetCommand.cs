using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Nodes;

/// <summary><c>octl node get [-sf state] [targets…]</c>: nodes with their liveness, address, version and link delay.</summary>
internal sealed class NodeGetCommand : Command
{
    private static readonly string[] States = Enum.GetNames<NodeState>().Select(s => s.ToLowerInvariant()).ToArray();

    private readonly Option<string?> _stateFilter = new("--state-filter", "-sf")
    {
        Description = "Only nodes in this state: online, unstable or offline",
        HelpName = "state",
    };

    private readonly Argument<string[]> _targets = NodeTargets.Optional();

    public NodeGetCommand(OctlContext context)
        : base("get", "List nodes: state, address, version, link delay and how long they have been online")
    {
        _stateFilter.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !States.Contains(value.ToLowerInvariant()))
            {
                result.AddError($"'{value}' is not a node state; use one of {string.Join(", ", States)}");
            }
        });
        Options.Add(_stateFilter);
        Arguments.Add(_targets);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var nodes = await session.Client.GetNodesAsync(
            parse.GetValue(_targets), parse.GetValue(_stateFilter)?.ToLowerInvariant(), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, nodes, ProtocolJsonContext.Default.NodeListResponse);
                break;
            case OutputFormat.Lines:
                foreach (var node in nodes.Nodes)
                {
                    session.OutWriter.WriteLine(node.Name);
                }

                break;
            default:
                NodeListView.Render(session.OutConsole, nodes, session.Now);
                break;
        }

        return ExitCodes.Success;
    }
}
