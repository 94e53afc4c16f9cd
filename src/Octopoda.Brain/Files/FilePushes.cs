using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Octopoda.Brain.Access;
using Octopoda.Brain.Targets;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Files;

/// <summary>
/// What every way of sending a stream to nodes shares (upload, spread, copy): checking the target directory and
/// time-to-live, resolving the targets in the caller's scope, and submitting one <c>file.push</c> task per node
/// whose batch id is the transfer's.
/// </summary>
internal static class FilePushes
{
    private const int MaxPathChars = 4096;
    private const int MaxTtlSeconds = 30 * 24 * 3600;

    /// <summary>Why <paramref name="path"/> cannot name a path on a node, or null. Any name Linux allows passes (spaces, quotes, newlines).</summary>
    public static string? CheckPath(string? path, string what) =>
        string.IsNullOrWhiteSpace(path) || path.Length > MaxPathChars || path.Contains('\0', StringComparison.Ordinal)
            ? $"'{what}' must name a path on the node (at most {MaxPathChars} characters, no NUL)"
            : null;

    /// <summary>Why the target directory or time-to-live of a delivery is refused, or null.</summary>
    public static string? Check(string? directory, int? ttlSeconds) =>
        CheckPath(directory, "dir")
        ?? (ttlSeconds is < 0 or > MaxTtlSeconds ? $"'ttlSeconds' must be between 0 and {MaxTtlSeconds}" : null);

    /// <summary>Resolves exactly one node in the caller's scope: the node's name, or the problem to answer.</summary>
    public static async Task<(string? Node, IResult? Problem)> ResolveOneAsync(TargetResolver resolver, string? node, CallerScope scope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(node))
        {
            return (null, Api.Problems.BadRequest("'node' must name one node. Nothing was done."));
        }

        var resolution = await resolver.ResolveAsync([node], emptyMeansAll: false, scope, cancellationToken);
        if (!resolution.IsValid)
        {
            return (null, resolution.ToProblem());
        }

        return resolution.Nodes.Count == 1
            ? (resolution.Nodes[0], null)
            : (null, Api.Problems.BadRequest($"'{node}' names {resolution.Nodes.Count} nodes; name one. Nothing was done."));
    }

    /// <summary>
    /// 413 when a streamed body declares more than the transfer limit. Otherwise lifts Kestrel's JSON-sized body limit
    /// (the spool counts every byte against the transfer limit itself, with an explanation) and returns null.
    /// </summary>
    public static IResult? TooLarge(HttpContext context, long max)
    {
        if (context.Request.ContentLength > max)
        {
            return Api.Problems.Result(StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"The transfer is {context.Request.ContentLength} bytes; this Brain takes at most {max} (files.maxTransferBytes). Nothing was sent.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return null;
    }

    /// <summary>One <c>file.push</c> task per node for the spooled stream <paramref name="transferId"/>.</summary>
    public static Task<RunSubmission> SubmitAsync(
        TaskSubmitter submitter,
        IReadOnlyList<string> nodes,
        string transferId,
        string directory,
        bool force,
        int ttlSeconds,
        long length,
        string sha256,
        CallerScope scope,
        CancellationToken cancellationToken)
    {
        var payload = new FilePushPayload { TransferId = transferId, TargetDirectory = directory, Force = force, TotalBytes = length, Sha256 = sha256 };
        var spec = new TaskSpec(TaskKinds.FilePush, JsonSerializer.Serialize(payload, ProtocolJsonContext.Default.FilePushPayload), TaskSpec.Describe($"upload to {directory} ({length} bytes)"))
        {
            TtlSeconds = ttlSeconds,
            Parallel = true,
            SubmittedBy = scope.Actor,
            BatchId = transferId,
        };
        return submitter.SubmitAsync(nodes, spec, cancellationToken);
    }
}
