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
/// The Brain's file store, the caller's account's own: <c>GET|POST|DELETE /files/store</c> (list, keep a tar stream
/// under a name, remove) and <c>POST /files/spread</c> (send a stored file on to nodes).
/// </summary>
internal static class FileStoreEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/files/store", List).WithName("file.ls.brain");
        api.MapPost("/files/store", KeepAsync).WithName("file.upload.brain");
        api.MapDelete("/files/store", Delete).WithName("file.rm.brain");
        api.MapPost("/files/spread", SpreadAsync).WithName("file.spread");
    }

    private static IResult List(string? prefix, CallerScope scope, FileStore store) =>
        TypedResults.Json(store.List(scope.Account, prefix), ProtocolJsonContext.Default.FileListing);

    private static async Task<IResult> KeepAsync(string? name, HttpContext context, CallerScope scope, FileStore store, FileSpool spool, IOptions<BrainOptions> options)
    {
        if (FileStore.CheckName(name) is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was stored.");
        }

        context.Audit().Subject = $"store {name}";
        if (FilePushes.TooLarge(context, options.Value.Files.MaxTransferBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var transferId = Secrets.NewId();
        var (length, sha256) = await spool.ReceiveAsync(transferId, context.Request.Body, context.RequestAborted);
        context.Audit().Subject = $"store {name} ({length} bytes, sha256 {sha256[..12]}…)";
        var entry = store.Keep(scope.Account, name!, transferId);
        return TypedResults.Json(entry, ProtocolJsonContext.Default.FileEntryView, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Delete(string? name, HttpContext context, CallerScope scope, FileStore store)
    {
        if (FileStore.CheckName(name) is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was removed.");
        }

        context.Audit().Subject = $"remove {name} from the store";
        return store.Delete(scope.Account, name!)
            ? TypedResults.NoContent()
            : Problems.NotFound($"There is no '{name}' in your file store; `octl file ls brain` lists it.");
    }

    private static async Task<IResult> SpreadAsync(HttpRequest request, CallerScope scope, TargetResolver resolver, FileStore store, TaskSubmitter submitter)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.FileSpreadRequest);
        if (body is null)
        {
            return error!;
        }

        if ((FileStore.CheckName(body.Name) ?? FilePushes.Check(body.TargetDirectory, body.TtlSeconds)) is { } refused)
        {
            return Problems.BadRequest(refused + ". Nothing was sent.");
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var audit = request.HttpContext.Audit();
        audit.Subject = $"spread {body.Name} to {body.TargetDirectory}";
        var targets = await resolver.ResolveAsync(body.Targets, emptyMeansAll: false, scope, cancellationToken);
        if (!targets.IsValid)
        {
            return targets.ToProblem();
        }

        audit.Targets = targets.Nodes;
        var transferId = Secrets.NewId();
        var (length, sha256) = await store.CopyToSpoolAsync(scope.Account, body.Name, transferId, cancellationToken);
        var submission = await FilePushes.SubmitAsync(submitter, targets.Nodes, transferId, body.TargetDirectory, body.Force, body.TtlSeconds, length, sha256, scope, cancellationToken);
        audit.BatchId = submission.BatchId;
        return TypedResults.Json(submission, ProtocolJsonContext.Default.RunSubmission, statusCode: StatusCodes.Status202Accepted);
    }
}
