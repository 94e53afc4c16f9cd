using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Files;

/// <summary>
/// Files that come from nodes: <c>GET /files/download?node=&amp;path=</c> (the tar stream, once the Brain holds it
/// whole and verified), <c>GET /files/list?node=&amp;path=</c>, and <c>POST /files/copy</c> (from one node to others
/// through the Brain's spool). The node and the targets must lie in the caller's scope.
/// </summary>
internal static class FileNodeEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/files/download", DownloadAsync).WithName("file.download");
        api.MapGet("/files/list", ListAsync).WithName("file.ls");
        api.MapPost("/files/copy", CopyAsync).WithName("file.copy");
    }

    private static async Task<IResult> DownloadAsync(string? node, string? path, HttpContext context, CallerScope scope, TargetResolver resolver, NodePuller puller, FileSpool spool)
    {
        if (FilePushes.CheckPath(path, "path") is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was sent.");
        }

        var (name, problem) = await FilePushes.ResolveOneAsync(resolver, node, scope, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var pulled = await puller.PullAsync(name!, path!, scope, context.RequestAborted);
        // Open, then unlink: the response reads it to the end and the space is freed when it is closed.
        var stream = spool.OpenRead(pulled.TransferId);
        spool.Delete(pulled.TransferId);
        context.Response.Headers[ApiRoutes.Sha256Header] = pulled.Sha256;
        return TypedResults.Stream(stream, "application/x-tar");
    }

    private static async Task<IResult> ListAsync(string? node, string? path, HttpContext context, CallerScope scope, TargetResolver resolver, NodePuller puller)
    {
        if (FilePushes.CheckPath(path ?? "@fstore", "path") is { } refused)
        {
            return Problems.BadRequest(refused + ".");
        }

        var (name, problem) = await FilePushes.ResolveOneAsync(resolver, node, scope, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var listing = await puller.ListAsync(name!, path ?? "@fstore", scope, context.RequestAborted);
        return TypedResults.Json(listing, ProtocolJsonContext.Default.FileListing);
    }

    private static async Task<IResult> CopyAsync(HttpRequest request, CallerScope scope, TargetResolver resolver, NodePuller puller, TaskSubmitter submitter)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.FileCopyRequest);
        if (body is null)
        {
            return error!;
        }

        if ((FilePushes.CheckPath(body.SourcePath, "sourcePath") ?? FilePushes.Check(body.TargetDirectory, body.TtlSeconds)) is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was copied.");
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var audit = request.HttpContext.Audit();
        audit.Subject = $"copy {body.SourceNode}:{body.SourcePath} to {body.TargetDirectory}";
        var (source, problem) = await FilePushes.ResolveOneAsync(resolver, body.SourceNode, scope, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var targets = await resolver.ResolveAsync(body.Targets, emptyMeansAll: false, scope, cancellationToken);
        if (!targets.IsValid)
        {
            return targets.ToProblem();
        }

        audit.Targets = targets.Nodes;
        var pulled = await puller.PullAsync(source!, body.SourcePath, scope, cancellationToken);
        audit.Subject = $"copy {source}:{body.SourcePath} to {body.TargetDirectory} ({pulled.TotalBytes} bytes, sha256 {pulled.Sha256[..12]}…)";
        var submission = await FilePushes.SubmitAsync(submitter, targets.Nodes, pulled.TransferId, body.TargetDirectory, body.Force, body.TtlSeconds, pulled.TotalBytes, pulled.Sha256, scope, cancellationToken);
        audit.BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }
}
