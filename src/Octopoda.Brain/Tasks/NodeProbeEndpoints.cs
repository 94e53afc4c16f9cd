using System.Text.Json;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Targets;
using Octopoda.Protocol;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// <c>POST /api/v1/tail</c> (stream new lines of a file on a node) and <c>POST /api/v1/httpget</c> (fetch a URL from
/// nodes' vantage points). Both are ordinary tasks of their own kinds, running beside the node's other work.
/// </summary>
internal static class NodeProbeEndpoints
{
    private const int MaxPathChars = 4096;
    private const int MaxUrlChars = 2048;
    private const int DefaultTailSeconds = 3600;
    private const int MaxTailSeconds = 24 * 3600;
    private const int MaxTailLines = 10_000;
    private const int MaxHttpSeconds = 300;
    private const int MaxTtlSeconds = 30 * 24 * 3600;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/tail", TailAsync).WithName("node.tail");
        api.MapPost("/httpget", HttpGetAsync).WithName("node.httpget");
    }

    private static async Task<IResult> TailAsync(HttpRequest request, CallerScope scope, TargetResolver resolver, TaskSubmitter submitter)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.TailRequest);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(body.Path) || body.Path.Length > MaxPathChars || body.Path.Contains('\0'))
        {
            problems.Add($"'path' must be a non-empty file path of at most {MaxPathChars} characters, without NUL");
        }

        if (body.Lines is < 0 or > MaxTailLines)
        {
            problems.Add($"'lines' must be between 0 and {MaxTailLines}");
        }

        if (body.TimeoutSeconds is < 1 or > MaxTailSeconds)
        {
            problems.Add($"'timeoutSeconds' must be between 1 and {MaxTailSeconds}");
        }

        if (problems.Count > 0)
        {
            return Problems.BadRequest(string.Join("; ", problems) + ". Nothing was run.");
        }

        request.HttpContext.Audit().Subject = $"tail {body.Path}";
        var resolution = await resolver.ResolveAsync([body.Node], emptyMeansAll: false, scope, request.HttpContext.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        if (resolution.Nodes.Count != 1)
        {
            return Problems.BadRequest("Tail one node at a time: name a single node.");
        }

        request.HttpContext.Audit().Targets = resolution.Nodes;
        var payload = new TailPayload { Path = body.Path, Lines = body.Lines, TimeoutSeconds = body.TimeoutSeconds ?? DefaultTailSeconds };
        var spec = new TaskSpec(TaskKinds.Tail, JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.TailPayload), TaskSpec.Describe($"tail {body.Path}"))
        {
            Parallel = true,
            SubmittedBy = scope.Actor,
        };
        var submission = await submitter.SubmitAsync(resolution.Nodes, spec, request.HttpContext.RequestAborted);
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> HttpGetAsync(HttpRequest request, CallerScope scope, TargetResolver resolver, TaskSubmitter submitter)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.HttpGetRequest);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<string>();
        if (body.Url is not { Length: > 0 and <= MaxUrlChars } || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"'url' must be an absolute http:// or https:// URL of at most {MaxUrlChars} characters");
        }

        if (body.MaxBytes is < 1 or > ProtocolInfo.MaxCapturedOutputBytes)
        {
            problems.Add($"'maxBytes' must be between 1 and {ProtocolInfo.MaxCapturedOutputBytes}");
        }

        if (body.TimeoutSeconds is < 1 or > MaxHttpSeconds)
        {
            problems.Add($"'timeoutSeconds' must be between 1 and {MaxHttpSeconds}");
        }

        if (body.TtlSeconds is < 0 or > MaxTtlSeconds)
        {
            problems.Add($"'ttlSeconds' must be between 0 and {MaxTtlSeconds}");
        }

        if (problems.Count > 0)
        {
            return Problems.BadRequest(string.Join("; ", problems) + ". Nothing was run.");
        }

        request.HttpContext.Audit().Subject = $"httpget {body.Url}";
        var resolution = await resolver.ResolveAsync(body.Targets, emptyMeansAll: false, scope, request.HttpContext.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        request.HttpContext.Audit().Targets = resolution.Nodes;
        var payload = new HttpGetPayload
        {
            Url = body.Url,
            MaxBytes = body.MaxBytes ?? ProtocolInfo.MaxCapturedOutputBytes,
            TimeoutSeconds = body.TimeoutSeconds ?? 10,
        };
        var spec = new TaskSpec(TaskKinds.HttpGet, JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.HttpGetPayload), TaskSpec.Describe($"httpget {body.Url}"))
        {
            TtlSeconds = body.TtlSeconds,
            Parallel = true,
            SubmittedBy = scope.Actor,
        };
        var submission = await submitter.SubmitAsync(resolution.Nodes, spec, request.HttpContext.RequestAborted);
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }
}
