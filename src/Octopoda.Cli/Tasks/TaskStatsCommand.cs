using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tasks;

/// <summary><c>octl task stats</c>: how task delivery is doing (counts by state, queues per node, latencies, redispatches).</summary>
internal sealed class TaskStatsCommand : Command
{
    public TaskStatsCommand(OctlContext context)
        : base("stats", "Show task delivery: tasks by state, per-node queues, dispatch and completion latency, redispatches")
    {
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var metrics = await session.Client.GetDeliveryMetricsAsync(cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, metrics, ProtocolJsonContext.Default.DeliveryMetrics);
                break;
            case OutputFormat.Lines:
                foreach (var line in DeliveryMetricsView.Lines(metrics))
                {
                    session.OutWriter.WriteLine(line);
                }

                break;
            default:
                DeliveryMetricsView.Render(session.OutConsole, metrics);
                break;
        }

        return ExitCodes.Success;
    }
}
