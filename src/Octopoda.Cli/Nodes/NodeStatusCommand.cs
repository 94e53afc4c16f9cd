using System.CommandLine;
using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Nodes;

/// <summary><c>octl node status [targets…]</c>: a live resource sample from each node, plus fleet averages.</summary>
internal sealed class NodeStatusCommand : Command
{
    private readonly Argument<string[]> _targets = NodeTargets.Optional();

    public NodeStatusCommand(OctlContext context)
        : base("status", "Show each node's platform, CPU, memory and disk use, and its clock")
    {
        Arguments.Add(_targets);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var status = await session.Client.GetNodeStatusAsync(parse.GetValue(_targets), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, status, ProtocolJsonContext.Default.NodeStatusResponse);
                break;
            case OutputFormat.Lines:
                foreach (var entry in status.Nodes)
                {
                    session.OutWriter.WriteLine(entry.Status is { } s
                        ? string.Create(CultureInfo.InvariantCulture,
                            $"{entry.Name} cpu={s.CpuLoadShort:0.#}% memory={HumanFormat.Usage(s.MemoryUsedBytes, s.MemoryTotalBytes)} disk={HumanFormat.Usage(s.DiskRootUsedBytes, s.DiskRootTotalBytes)}")
                        : $"{entry.Name} error={entry.Error}");
                }

                break;
            default:
                NodeStatusView.Render(session.OutConsole, status);
                break;
        }

        return ExitCodes.Success;
    }
}
