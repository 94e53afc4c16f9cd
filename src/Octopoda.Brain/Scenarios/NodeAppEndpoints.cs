using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// A node's NodeApps: <c>GET /nodes/{node}/apps</c>, <c>GET /nodes/{node}/apps/{app@scenario}/versions</c> (from the
/// Brain's copy of their histories, so an offline node's are there too) and <c>POST …/reset</c> (a <c>napp.reset</c> task).
/// </summary>
internal static class NodeAppEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/nodes/{node}/apps", ListAsync).WithName("napp.get");
        api.MapGet("/nodes/{node}/apps/{nodeApp}/versions", VersionsAsync).WithName("napp.version");
        api.MapPost("/nodes/{node}/apps/{nodeApp}/reset", ResetAsync).WithName("napp.reset");
    }

    private static async Task<IResult> ListAsync(string node, CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken) =>
        ScenarioAccess.Check(scope, [node], $"see the NodeApps of {node}")
        ?? TypedResults.Json(new NodeAppListResponse { NodeApps = await scenarios.NodeAppsAsync(node, cancellationToken) }, ProtocolJsonContext.Default.NodeAppListResponse);

    private static async Task<IResult> VersionsAsync(string node, string nodeApp, int? offset, int? limit, CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken)
    {
        var badNodeApp = CheckNodeApp(nodeApp, out var app, out var scenario);
        if ((ScenarioAccess.Check(scope, [node], $"see the NodeApps of {node}") ?? badNodeApp) is { } problem)
        {
            return problem;
        }

        if (offset is < 0 || limit is < 1 or > 1000)
        {
            return Problems.BadRequest("'offset' must be 0 or more and 'limit' 1 to 1,000.");
        }

        var history = await scenarios.NodeAppHistoryAsync(node, app, scenario, cancellationToken);
        return history.Count == 0
            ? Problems.NotFound($"{node} has no NodeApp {nodeApp} the Brain knows of; `octl napp get {node}` lists them.")
            : TypedResults.Json(
                new NodeAppVersionListResponse { Total = history.Count, Versions = [.. history.Skip(offset ?? 0).Take(limit ?? 5).Select(v => v.ToVersion())] },
                ProtocolJsonContext.Default.NodeAppVersionListResponse);
    }

    private static async Task<IResult> ResetAsync(string node, string nodeApp, HttpRequest request, CallerScope scope, ScenarioService scenarios, TaskSubmitter submitter)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var badNodeApp = CheckNodeApp(nodeApp, out var app, out var scenario);
        if ((ScenarioAccess.Check(scope, [node], $"reset a NodeApp of {node}") ?? badNodeApp) is { } problem)
        {
            return problem;
        }

        var (body, badBody) = await ScenarioAccess.ReadMessageAsync(request);
        if (body is null)
        {
            return badBody!;
        }

        var history = await scenarios.NodeAppHistoryAsync(node, app, scenario, cancellationToken);
        if (history.Count == 0)
        {
            return Problems.NotFound($"{node} has no NodeApp {nodeApp} the Brain knows of; `octl napp get {node}` lists them. Nothing was reset.");
        }

        var (hash, refused, ambiguous) = ScenarioHashes.Resolve(history.Select(v => v.Hash), body.Version, $"octl napp version {node} {nodeApp}");
        if (hash is null)
        {
            return ScenarioAccess.VersionProblem(refused!, ambiguous, body.Version);
        }

        request.HttpContext.Audit().Subject = $"reset {nodeApp} on {node} to {hash[..12]}";
        request.HttpContext.Audit().Targets = [node];
        var payload = new NodeAppPayload { App = app, Scenario = scenario, Message = body.Message, Version = hash };
        var submission = await NodeAppTasks.SubmitAsync(submitter, TaskKinds.NodeAppReset, [node], payload, scope, cancellationToken);
        request.HttpContext.Audit().BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult? CheckNodeApp(string nodeApp, out string app, out string scenario) =>
        ScenarioNames.TryParseNodeApp(nodeApp, out app, out scenario)
            ? null
            : Problems.BadRequest($"'{nodeApp}' does not name a NodeApp: write <app>@<scenario>, each {ScenarioNames.Rule}.");
}
