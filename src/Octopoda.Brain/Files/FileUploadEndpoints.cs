using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Security;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Files;

/// <summary>
/// <c>POST /api/v1/files/upload?dir=&amp;targets=&amp;force=&amp;ttlSeconds=</c>: the body is a tar stream (octl
/// writes it from the local file or tree as it reads it). Targets are resolved in the caller's scope before a byte
/// is read; the stream is spooled and hashed, then one <c>file.push</c> task per node fetches it in chunks. Answers
/// 202 with the tasks, like <c>cmd run</c>.
/// </summary>
internal static class FileUploadEndpoints
{
    private const int MaxDirectoryChars = 4096;
    private const int MaxTtlSeconds = 30 * 24 * 3600;

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
        if (string.IsNullOrWhiteSpace(dir) || dir.Length > MaxDirectoryChars || dir.Any(char.IsControl))
        {
            return Problems.BadRequest($"'dir' must name the target directory on the nodes (at most {MaxDirectoryChars} characters, no control characters). Nothing was sent.");
        }

        if (ttlSeconds is < 0 or > MaxTtlSeconds)
        {
            return Problems.BadRequest($"'ttlSeconds' must be between 0 and {MaxTtlSeconds}. Nothing was sent.");
        }

        context.Audit().Subject = $"upload to {dir}";
        var resolution = await resolver.ResolveAsync(Nodes.NodeEndpoints.SplitQuery(targets), emptyMeansAll: false, scope, context.RequestAborted);
        if (!resolution.IsValid)
        {
            return resolution.ToProblem();
        }

        context.Audit().Targets = resolution.Nodes;
        var max = options.Value.Files.MaxTransferBytes;
        if (context.Request.ContentLength > max)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"The transfer is {context.Request.ContentLength} bytes; this Brain takes at most {max} (files.maxTransferBytes). Nothing was sent.");
        }

        // Kestrel's default body limit is for JSON; this endpoint streams, and the spool counts every byte against
        // the transfer limit itself, so the caller gets the limit's explanation rather than a bare 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var transferId = Secrets.NewId();
        var (length, sha256) = await spool.ReceiveAsync(transferId, context.Request.Body, context.RequestAborted);
        context.Audit().Subject = $"upload to {dir} ({length} bytes, sha256 {sha256[..12]}…)";
        var payload = new FilePushPayload { TransferId = transferId, TargetDirectory = dir, Force = force ?? false, TotalBytes = length, Sha256 = sha256 };
        var spec = new TaskSpec(TaskKinds.FilePush, JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.FilePushPayload), TaskSpec.Describe($"upload to {dir} ({length} bytes)"))
        {
            TtlSeconds = ttlSeconds ?? 0,
            Parallel = true,
            SubmittedBy = scope.Actor,
            BatchId = transferId,
        };
        var submission = await submitter.SubmitAsync(resolution.Nodes, spec, context.RequestAborted);
        context.Audit().BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }
}
