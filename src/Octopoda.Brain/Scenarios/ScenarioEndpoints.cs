using Microsoft.Extensions.Options;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Files;
using Octopoda.Brain.Security;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// <c>/api/v1/scenarios</c>: declare, show, list, version, reset and purge scenarios, and run one step of an apply
/// (prepare, run a target's script, commit) for one application: a batch of NodeApp tasks octl follows like any other.
/// </summary>
internal static class ScenarioEndpoints
{
    private const int MaxScriptChars = 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/scenarios", ListAsync).WithName("scen.get.all");
        api.MapGet("/scenarios/{name}", ShowAsync).WithName("scen.get");
        api.MapPut("/scenarios/{name}", DeclareAsync).WithName("scen.declare");
        api.MapDelete("/scenarios/{name}", PurgeAsync).WithName("scen.purge");
        api.MapGet("/scenarios/{name}/versions", VersionsAsync).WithName("scen.version");
        api.MapPost("/scenarios/{name}/versions", RecordAsync).WithName("scen.record");
        api.MapPost("/scenarios/{name}/reset", ResetAsync).WithName("scen.reset");
        api.MapPost("/scenarios/{name}/apps/{app}/prepare", PrepareAsync).WithName("scen.prepare");
        api.MapPost("/scenarios/{name}/apps/{app}/run", RunAsync).WithName("scen.run");
        api.MapPost("/scenarios/{name}/apps/{app}/commit", CommitAsync).WithName("scen.commit");
    }

    private static async Task<IResult> ListAsync(CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken) =>
        TypedResults.Json(new ScenarioListResponse { Scenarios = await scenarios.ListAsync(nodes => nodes.All(scope.Covers), cancellationToken) }, ProtocolJsonContext.Default.ScenarioListResponse);

    private static async Task<IResult> ShowAsync(string name, CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken)
    {
        var (_, problem) = await OpenAsync(name, scope, scenarios, "see this scenario", cancellationToken);
        return problem ?? TypedResults.Json((await scenarios.ShowAsync(name, cancellationToken))!, ProtocolJsonContext.Default.ScenarioView);
    }

    private static async Task<IResult> DeclareAsync(string name, HttpRequest request, CallerScope scope, ScenarioService scenarios, TargetResolver resolver)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (ScenarioAccess.CheckName(name, "scenario") is { } badName)
        {
            return badName;
        }

        // Someone else's scenario of this name is refused before the body is read.
        if (await scenarios.FindAsync(name, cancellationToken) is not null
            && ScenarioAccess.Check(scope, await scenarios.NodesAsync(name, cancellationToken), $"change scenario {name}") is { } forbidden)
        {
            return forbidden;
        }

        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.ScenarioDeclaration);
        if (body is null)
        {
            return error!;
        }

        if (body.Description.Length > 1000 || body.Applications.Count is 0 or > 100
            || body.Applications.Any(a => !ScenarioNames.IsValid(a.Name) || a.Description.Length > 1000 || a.Nodes.Count == 0)
            || body.Applications.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != body.Applications.Count)
        {
            return Problems.BadRequest($"A scenario needs a description (at most 1,000 characters) and 1 to 100 applications of distinct names ({ScenarioNames.Rule}), each with nodes. Nothing was stored.");
        }

        request.HttpContext.Audit().Subject = $"declare scenario {name}";
        var plans = new List<ScenarioAppPlan>();
        var resolved = new List<(ScenarioAppDeclaration, IReadOnlyList<string>)>();
        var forbiddenTargets = new List<string>();
        foreach (var app in body.Applications)
        {
            var resolution = await resolver.ResolveAsync(app.Nodes, emptyMeansAll: false, scope, cancellationToken);
            forbiddenTargets.AddRange(resolution.Forbidden);
            var problem = resolution.Invalid.Count > 0 ? string.Join("; ", resolution.Invalid) : resolution.Nodes.Count == 0 ? "its nodes name no node" : null;
            plans.Add(new ScenarioAppPlan { Name = app.Name, Nodes = [.. resolution.Nodes.Order(StringComparer.Ordinal)], Problem = problem });
            resolved.Add((app, resolution.Nodes));
        }

        if (forbiddenTargets.Count > 0)
        {
            return Problems.Forbidden($"{forbiddenTargets.Count} target(s) outside your scope: {string.Join("; ", forbiddenTargets)}. Nothing was stored.");
        }

        var stored = plans.All(p => p.Problem is null);
        if (stored)
        {
            await scenarios.DeclareAsync(name, body.Description, resolved, scope.Actor, cancellationToken);
            request.HttpContext.Audit().Targets = [.. resolved.SelectMany(r => r.Item2).Distinct(StringComparer.Ordinal)];
        }

        return TypedResults.Json(new ScenarioPlan { Stored = stored, Applications = plans }, ProtocolJsonContext.Default.ScenarioPlan);
    }

    private static async Task<IResult> PrepareAsync(
        string name, string app, string? message, HttpContext context, CallerScope scope, ScenarioService scenarios, FileSpool spool, TaskSubmitter submitter, IOptions<BrainOptions> options)
    {
        var (target, problem) = await OpenAppAsync(name, app, scope, scenarios, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (ScenarioAccess.CheckMessage(message, required: false) is { } badMessage)
        {
            return badMessage;
        }

        if (FilePushes.TooLarge(context, options.Value.Files.MaxTransferBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var transferId = Secrets.NewId();
        var (length, sha256) = await spool.ReceiveAsync(transferId, context.Request.Body, context.RequestAborted);
        Audit(context, $"prepare {app}@{name} ({length} bytes)", target!);
        var payload = new NodeAppPayload
        {
            App = app,
            Scenario = name,
            Description = target!.Description,
            Message = message,
            Source = new NodeAppSource { TransferId = transferId, TotalBytes = length, Sha256 = sha256 },
        };
        return await SubmitAsync(context, submitter, TaskKinds.NodeAppPrepare, target.NodeList, payload, scope, transferId);
    }

    private static async Task<IResult> RunAsync(string name, string app, HttpRequest request, CallerScope scope, ScenarioService scenarios, TaskSubmitter submitter)
    {
        var (target, problem) = await OpenAppAsync(name, app, scope, scenarios, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.NodeAppRunRequest);
        if (body is null)
        {
            return error!;
        }

        if (!ScenarioNames.IsValid(body.Target) || string.IsNullOrWhiteSpace(body.ScriptName) || body.ScriptName.Length > 255 || body.Script.Length > MaxScriptChars
            || body.TimeoutSeconds is <= 0)
        {
            return Problems.BadRequest($"A run needs a target ({ScenarioNames.Rule}), a script name (at most 255 characters), a script of at most {MaxScriptChars} characters and a positive timeout if any. Nothing was run.");
        }

        Audit(request.HttpContext, $"{body.Target} {app}@{name}: {body.ScriptName}", target!);
        var payload = new NodeAppPayload
        {
            App = app,
            Scenario = name,
            Description = target!.Description,
            Target = body.Target,
            ScriptName = body.ScriptName,
            Script = body.Script,
            TimeoutSeconds = body.TimeoutSeconds,
        };
        return await SubmitAsync(request.HttpContext, submitter, TaskKinds.NodeAppRun, target.NodeList, payload, scope);
    }

    private static async Task<IResult> CommitAsync(string name, string app, HttpRequest request, CallerScope scope, ScenarioService scenarios, TaskSubmitter submitter)
    {
        var (target, problem) = await OpenAppAsync(name, app, scope, scenarios, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var (body, badBody) = await ScenarioAccess.ReadMessageAsync(request);
        if (body is null)
        {
            return badBody!;
        }

        Audit(request.HttpContext, $"commit {app}@{name}", target!);
        var payload = new NodeAppPayload { App = app, Scenario = name, Description = target!.Description, Message = body.Message };
        return await SubmitAsync(request.HttpContext, submitter, TaskKinds.NodeAppCommit, target.NodeList, payload, scope);
    }

    private static async Task<IResult> RecordAsync(string name, HttpRequest request, CallerScope scope, ScenarioService scenarios)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (_, problem) = await OpenAsync(name, scope, scenarios, $"change scenario {name}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (body, badBody) = await ScenarioAccess.ReadMessageAsync(request);
        if (body is null)
        {
            return badBody!;
        }

        request.HttpContext.Audit().Subject = $"record a version of {name}";
        var result = await scenarios.RecordVersionAsync(name, body.Message, cancellationToken);
        return TypedResults.Json(result, ProtocolJsonContext.Default.ScenarioVersionResult);
    }

    private static async Task<IResult> VersionsAsync(string name, int? offset, int? limit, CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken)
    {
        var (_, problem) = await OpenAsync(name, scope, scenarios, "see this scenario", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (offset is < 0 || limit is < 1 or > 1000)
        {
            return Problems.BadRequest("'offset' must be 0 or more and 'limit' 1 to 1,000.");
        }

        return TypedResults.Json(await scenarios.VersionsAsync(name, offset ?? 0, limit ?? 5, cancellationToken), ProtocolJsonContext.Default.ScenarioVersionListResponse);
    }

    private static async Task<IResult> ResetAsync(string name, HttpRequest request, CallerScope scope, ScenarioService scenarios, TaskSubmitter submitter)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (_, problem) = await OpenAsync(name, scope, scenarios, $"reset scenario {name}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (body, badBody) = await ScenarioAccess.ReadMessageAsync(request);
        if (body is null)
        {
            return badBody!;
        }

        var (version, refused, ambiguous) = await scenarios.ResolveVersionAsync(name, body.Version, cancellationToken);
        if (version is null)
        {
            return ScenarioAccess.VersionProblem(refused!, ambiguous, body.Version);
        }

        var nodeApps = ScenarioHashes.Parse(version.NodeApps);
        request.HttpContext.Audit().Subject = $"reset {name} to {version.Hash[..12]}";
        request.HttpContext.Audit().Targets = [.. nodeApps.Select(n => n.Node).Distinct(StringComparer.Ordinal)];
        var batchId = Secrets.NewId();
        var tasks = new List<TaskRef>();
        foreach (var nodeApp in nodeApps)
        {
            var payload = new NodeAppPayload { App = nodeApp.App, Scenario = name, Message = body.Message, Version = nodeApp.Hash };
            tasks.AddRange((await NodeAppTasks.SubmitAsync(submitter, TaskKinds.NodeAppReset, [nodeApp.Node], payload, scope, cancellationToken, batchId)).Tasks);
        }

        request.HttpContext.Audit().BatchId = batchId;
        return TypedResults.Json(new RunSubmission { BatchId = batchId, Tasks = tasks }, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PurgeAsync(string name, HttpContext context, CallerScope scope, ScenarioService scenarios, TaskSubmitter submitter)
    {
        var cancellationToken = context.RequestAborted;
        var (_, problem) = await OpenAsync(name, scope, scenarios, $"purge scenario {name}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Every NodeApp the scenario has: its declared (application, node) pairs and any a node reported.
        var pairs = await scenarios.NodeAppsOfAsync(name, cancellationToken);
        context.Audit().Subject = $"purge scenario {name}";
        context.Audit().Targets = [.. pairs.Select(p => p.Node).Distinct(StringComparer.Ordinal)];
        var batchId = Secrets.NewId();
        var tasks = new List<TaskRef>();
        foreach (var group in pairs.GroupBy(p => p.App))
        {
            var payload = new NodeAppPayload { App = group.Key, Scenario = name };
            tasks.AddRange((await NodeAppTasks.SubmitAsync(submitter, TaskKinds.NodeAppDelete, [.. group.Select(p => p.Node)], payload, scope, cancellationToken, batchId)).Tasks);
        }

        await scenarios.DropAsync(name, cancellationToken);
        context.Audit().BatchId = batchId;
        return TypedResults.Json(new RunSubmission { BatchId = batchId, Tasks = tasks }, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The scenario when it exists and the caller covers its nodes; else 400, 404 or 403.</summary>
    private static async Task<(Store.ScenarioRecord? Scenario, IResult? Problem)> OpenAsync(string name, CallerScope scope, ScenarioService scenarios, string what, CancellationToken cancellationToken)
    {
        if (ScenarioAccess.CheckName(name, "scenario") is { } badName)
        {
            return (null, badName);
        }

        var scenario = await scenarios.FindAsync(name, cancellationToken);
        if (scenario is null)
        {
            return (null, Problems.NotFound($"There is no scenario '{name}'; `octl scen get` lists them, `octl scen apply <dir> prepare` creates one."));
        }

        return ScenarioAccess.Check(scope, await scenarios.NodesAsync(name, cancellationToken), what) is { } forbidden ? (null, forbidden) : (scenario, null);
    }

    private static async Task<(Store.ScenarioAppRecord? App, IResult? Problem)> OpenAppAsync(string name, string app, CallerScope scope, ScenarioService scenarios, CancellationToken cancellationToken)
    {
        var (_, problem) = await OpenAsync(name, scope, scenarios, $"apply scenario {name}", cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var record = (await scenarios.AppsAsync(name, cancellationToken)).SingleOrDefault(a => a.App == app);
        return record is null
            ? (null, Problems.NotFound($"Scenario '{name}' has no application '{app}'; apply the folder again so the Brain knows its applications."))
            : (record, null);
    }

    private static void Audit(HttpContext context, string subject, Store.ScenarioAppRecord app)
    {
        context.Audit().Subject = subject;
        context.Audit().Targets = app.NodeList;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, TaskSubmitter submitter, string kind, IReadOnlyList<string> nodes, NodeAppPayload payload, CallerScope scope, string? batchId = null)
    {
        var submission = await NodeAppTasks.SubmitAsync(submitter, kind, nodes, payload, scope, context.RequestAborted, batchId);
        context.Audit().BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }
}
