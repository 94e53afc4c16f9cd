using System.Text.Json;
using Octopoda.Brain.Access;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// Submits NodeApp tasks: one per node, in one batch. They run beside the node's ordered queue (apps of one order in
/// parallel); octl waits for one step before it submits the next, and the node runs one step per NodeApp at a time.
/// A step reaches only nodes connected now (TTL 0, as the original demanded online nodes), except a purge's deletes,
/// which wait a week for an offline node so its NodeApp does not outlive the scenario.
/// </summary>
internal static class NodeAppTasks
{
    public const int DeleteTtlSeconds = 7 * 24 * 3600;

    public static Task<RunSubmission> SubmitAsync(
        TaskSubmitter submitter, string kind, IReadOnlyList<string> nodes, NodeAppPayload payload, CallerScope scope, CancellationToken cancellationToken, string? batchId = null)
    {
        var spec = new TaskSpec(kind, JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.NodeAppPayload), TaskSpec.Describe(Describe(kind, payload)))
        {
            Parallel = true,
            TtlSeconds = kind == TaskKinds.NodeAppDelete ? DeleteTtlSeconds : 0,
            SubmittedBy = scope.Actor,
            BatchId = batchId,
        };
        return submitter.SubmitAsync(nodes, spec, cancellationToken);
    }

    private static string Describe(string kind, NodeAppPayload payload)
    {
        var nodeApp = ScenarioNames.NodeApp(payload.App, payload.Scenario);
        return kind switch
        {
            TaskKinds.NodeAppRun => $"{payload.Target} {nodeApp}: {payload.ScriptName}",
            TaskKinds.NodeAppReset => $"reset {nodeApp} to {payload.Version?[..Math.Min(12, payload.Version.Length)]}",
            _ => $"{kind[5..]} {nodeApp}",
        };
    }
}
