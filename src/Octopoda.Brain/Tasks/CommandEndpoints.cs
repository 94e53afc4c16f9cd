using System.Text.Json;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Schedules;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary><c>POST /api/v1/commands</c>: run a command line or a script on target nodes.</summary>
internal static class CommandEndpoints
{
    // Longest command line accepted (Linux's single-argument limit is 128 KiB).
    private const int MaxCommandChars = 128 * 1024;
    private const int MaxScriptChars = 1024 * 1024;
    private const int MaxTtlSeconds = 30 * 24 * 3600;
    private const int MaxDelaySeconds = 7 * 24 * 3600;
    private const int MaxAlignToleranceMs = 3000;
    private const int MaxScheduleSeconds = 366 * 24 * 3600;

    public static void Map(RouteGroupBuilder api) => api.MapPost("/commands", RunAsync).WithName("cmd.run");

    private static async Task<IResult> RunAsync(
        HttpRequest request,
        CallerScope scope,
        TargetResolver resolver,
        TaskSubmitter submitter,
        ScheduleRunner schedules,
        WorkgroupTree workgroups,
        AuditLog auditLog)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.RunCommandRequest);
        if (body is null)
        {
            return error!;
        }

        var problems = Validate(body);
        if (problems.Count > 0)
        {
            return Problems.BadRequest(string.Join("; ", problems) + ". Nothing was run.");
        }

        var isScript = body.Script is not null;
        var commandLine = isScript ? $"script {Path.GetFileName(body.ScriptName ?? "script.sh")}" : body.Command!;
        var audit = request.HttpContext.Audit();
        audit.Subject = commandLine;
        var cancellationToken = request.HttpContext.RequestAborted;
        var resolution = await resolver.ResolveAsync(body.Targets, emptyMeansAll: false, scope, cancellationToken);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        audit.Targets = resolution.Nodes;
        await AllowList.EnsurePermittedAsync(workgroups, scope, commandLine, cancellationToken);
        var payload = new CommandPayload
        {
            Command = body.Command,
            Script = body.Script,
            ScriptName = isScript ? Path.GetFileName(body.ScriptName ?? "script.sh") : null,
            Background = body.Background,
            TimeoutSeconds = body.TimeoutSeconds,
        };
        var spec = new TaskSpec(
            isScript ? TaskKinds.Script : TaskKinds.Command,
            JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.CommandPayload),
            TaskSpec.Describe(isScript ? $"script {payload.ScriptName}" : body.Command!))
        {
            TtlSeconds = body.TtlSeconds,
            Parallel = body.Parallel || body.DelaySeconds is > 0,
            DelayMs = body.DelaySeconds is > 0 ? body.DelaySeconds * 1000L : null,
            TimeAligned = body.TimeAligned,
            AlignToleranceMs = body.AlignToleranceMs ?? TaskSpec.DefaultAlignToleranceMs,
            SubmittedBy = scope.Actor,
        };
        void Audit(Store.BrainDbContext db, string batchId) => auditLog.AddTo(db, request.HttpContext, StatusCodes.Status202Accepted, batchId);
        var submission = body.EverySeconds is { } every
            ? await schedules.CreateAsync(body.Targets, resolution.Nodes, scope, spec, every, body.ForSeconds!.Value, cancellationToken, Audit)
            : await submitter.SubmitAsync(resolution.Nodes, spec, cancellationToken, Audit);
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

    private static List<string> Validate(RunCommandRequest body)
    {
        var problems = new List<string>();
        if ((body.Command is null) == (body.Script is null))
        {
            problems.Add("give exactly one of 'command' and 'script'");
        }

        if (body.Command is { } command && (string.IsNullOrWhiteSpace(command) || command.Length > MaxCommandChars || command.Contains('\0')))
        {
            problems.Add($"'command' must be non-empty, without NUL characters, and at most {MaxCommandChars} characters");
        }

        if (body.Script is { } script && (script.Length > MaxScriptChars || script.Contains('\0')))
        {
            problems.Add($"'script' must be at most {MaxScriptChars} characters, without NUL characters");
        }

        if (body.TtlSeconds is < 0 or > MaxTtlSeconds)
        {
            problems.Add($"'ttlSeconds' must be between 0 and {MaxTtlSeconds}");
        }

        if (body.TimeoutSeconds is <= 0)
        {
            problems.Add("'timeoutSeconds' must be positive when given");
        }

        if (body.Background && body.Script is not null)
        {
            problems.Add("'background' applies to commands, not scripts");
        }

        if (body.DelaySeconds is < 0 or > MaxDelaySeconds)
        {
            problems.Add($"'delaySeconds' must be between 0 and {MaxDelaySeconds}");
        }

        if (body.AlignToleranceMs is < 1 or > MaxAlignToleranceMs)
        {
            problems.Add($"'alignToleranceMs' must be between 1 and {MaxAlignToleranceMs}");
        }

        if (body.AlignToleranceMs is not null && !body.TimeAligned)
        {
            problems.Add("'alignToleranceMs' needs 'timeAligned'");
        }

        if ((body.EverySeconds is null) != (body.ForSeconds is null))
        {
            problems.Add("'everySeconds' and 'forSeconds' go together: give both for a schedule, or neither");
        }
        else if (body.EverySeconds is { } every && body.ForSeconds is { } length
            && (every < 1 || every > MaxScheduleSeconds || length < every || length > MaxScheduleSeconds))
        {
            problems.Add($"a schedule needs 1 <= 'everySeconds' <= 'forSeconds' <= {MaxScheduleSeconds}");
        }

        return problems;
    }
}
