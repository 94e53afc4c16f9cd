using Microsoft.Extensions.Options;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Security;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Files;

/// <summary>
/// <c>POST /api/v1/files/upload?dir=&amp;targets=&amp;force=&amp;ttlSeconds=</c>: the body is a tar stream (octl
/// writes it from the local file or tree as it reads it). Targets are resolved in the caller's scope before a byte
/// is read; the stream is spooled and hashed, then one <c>file.push</c> task per node fetches it in chunks. Answers
/// 202 with the tasks, like <c>cmd run</c>.
/// </summary>
internal static class FileUploadEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapPost("/files/upload", UploadAsync).WithName("file.upload");

    private static async Task<IResult> UploadAsync(
        string? dir,
        string? targets,
        bool? force,
        int? ttlSeconds,
        HttpContext context,
        CallerScope scope,
        TargetResolver resolver,
        FileSpool spool,
        TaskSubmitter submitter,
        IOptions<BrainOptions> options)
    {
        if (FilePushes.Check(dir, ttlSeconds) is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was sent.");
        }

        context.Audit().Subject = $"upload to {dir}";
        var resolution = await resolver.ResolveAsync(Nodes.NodeEndpoints.SplitQuery(targets), emptyMeansAll: false, scope, context.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        context.Audit().Targets = resolution.Nodes;
        if (FilePushes.TooLarge(context, options.Value.Files.MaxTransferBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var transferId = Secrets.NewId();
        var (length, sha256) = await spool.ReceiveAsync(transferId, context.Request.Body, context.RequestAborted);
        context.Audit().Subject = $"upload to {dir} ({length} bytes, sha256 {sha256[..12]}…)";
        var submission = await FilePushes.SubmitAsync(submitter, resolution.Nodes, transferId, dir!, force ?? false, ttlSeconds ?? 0, length, sha256, scope, context.RequestAborted);
        context.Audit().BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }

}
