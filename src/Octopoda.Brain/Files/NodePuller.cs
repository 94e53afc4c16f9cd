using System.Text.Json;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Security;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Files;

/// <summary>
/// Fetches a file or directory tree from a node into the <see cref="FileSpool"/>: a <c>file.pull</c> task has the
/// node write it as a tar stream into its outgoing spool, then the Brain asks for it in ranges exactly as a node
/// fetches an upload (<see cref="ChunkReceiver"/>, resuming after a cut link), checks the whole stream, and tells the
/// node it may delete its copy. Used by download and node-to-node copy. Also runs the short <c>file.list</c> tasks.
/// </summary>
internal sealed class NodePuller(
    TaskSubmitter submitter,
    TaskWaiter waiter,
    NodeRegistry nodes,
    PullReceiver receiver,
    FileSpool spool,
    IOptions<BrainOptions> options)
{
    /// <summary>How long a node may take to write the stream (or a listing) before the request gives up.</summary>
    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a node may stay silent in the middle of sending before the request gives up.</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(60);

    /// <summary>Fetches <paramref name="path"/> from <paramref name="node"/>; refuses (as the answer to the request) when it cannot.</summary>
    public async Task<PulledStream> PullAsync(string node, string path, CallerScope scope, CancellationToken cancellationToken)
    {
        var transferId = Secrets.NewId();
        var payload = JsonSerializer.Serialize(new FilePullPayload { TransferId = transferId, Path = path }, ProtocolJsonContext.Default.FilePullPayload);
        var task = await RunAsync(node, new TaskSpec(TaskKinds.FilePull, payload, TaskSpec.Describe($"send {path} to the Brain")) { Parallel = true, SubmittedBy = scope.Actor }, path, cancellationToken);
        try
        {
            var info = Parse(task, ProtocolJsonContext.Default.FileStreamInfo, node);
            var max = options.Value.Files.MaxTransferBytes;
            if (info.TotalBytes < 0 || info.TotalBytes > max || info.Sha256 is not { Length: 64 })
            {
                throw new RequestRefusedException(StatusCodes.Status413PayloadTooLarge,
                    $"{path} on {node} is {info.TotalBytes} bytes as a tar stream; this Brain takes at most {max} (files.maxTransferBytes). Nothing was copied.");
            }

            return await ReceiveAsync(node, transferId, info, cancellationToken);
        }
        finally
        {
            // Whatever happened, the node's outgoing copy is no longer needed.
            if (nodes.Find(node)?.Session is { } session)
            {
                await session.TrySendAsync(MessageKind.FileTransferDone, new FileTransferDone { TransferId = transferId }, ProtocolJsonContext.Default.FileTransferDone, CancellationToken.None);
            }
        }
    }

    /// <summary>Lists <paramref name="path"/> on <paramref name="node"/>.</summary>
    public async Task<FileListing> ListAsync(string node, string path, CallerScope scope, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new FileListPayload { Path = path }, ProtocolJsonContext.Default.FileListPayload);
        var task = await RunAsync(node, new TaskSpec(TaskKinds.FileList, payload, TaskSpec.Describe($"list {path}")) { Parallel = true, SubmittedBy = scope.Actor }, path, cancellationToken);
        return Parse(task, ProtocolJsonContext.Default.FileListing, node);
    }

    private async Task<TaskView> RunAsync(string node, TaskSpec spec, string path, CancellationToken cancellationToken)
    {
        var submission = await submitter.SubmitAsync([node], spec, cancellationToken);
        var task = await waiter.WaitAsync(submission.Tasks[0].Id, submission.BatchId, PrepareTimeout, cancellationToken);
        return task.State switch
        {
            TaskState.Succeeded => task,
            TaskState.Failed => throw new RequestRefusedException(StatusCodes.Status422UnprocessableEntity, $"{node}: {task.Error ?? "failed"}. Nothing was copied."),
            _ when !task.State.IsFinal() => throw new RequestRefusedException(StatusCodes.Status504GatewayTimeout,
                $"{node} did not finish preparing {path} within {PrepareTimeout.TotalMinutes:0} minutes (task {task.Id} is {task.State.ToString().ToLowerInvariant()})."),
            _ => throw new RequestRefusedException(StatusCodes.Status503ServiceUnavailable,
                $"{node}: {task.Error ?? $"the task ended {task.State.ToString().ToLowerInvariant()}"}. Nothing was copied."),
        };
    }

    private async Task<PulledStream> ReceiveAsync(string node, string transferId, FileStreamInfo info, CancellationToken cancellationToken)
    {
        var opened = ChunkSpool.Open(options.Value.DataDirectory, transferId);
        if (!opened.Succeeded)
        {
            throw new RequestRefusedException(StatusCodes.Status507InsufficientStorage, $"The Brain cannot store what {node} sends: {opened.Error}");
        }

        using var incoming = opened.Value;
        var kept = false;
        try
        {
            using (receiver.Expect(transferId, node))
            {
                var failed = await receiver.Receiver.ReceiveAsync(incoming, info.TotalBytes, RequestAsync, $"node {node}", SilenceLimit, cancellationToken);
                if (failed is not null)
                {
                    throw new RequestRefusedException(StatusCodes.Status502BadGateway, $"{failed}. Nothing was copied.");
                }
            }

            var verified = await incoming.VerifyAsync(info.TotalBytes, Convert.FromHexString(info.Sha256), cancellationToken);
            if (!verified.Succeeded)
            {
                throw new RequestRefusedException(StatusCodes.Status502BadGateway, $"What {node} sent does not match what it announced: {verified.Error}. Nothing was copied.");
            }

            incoming.Dispose();
            spool.Adopt(incoming.Path, transferId);
            kept = true;
            return new PulledStream(transferId, info.TotalBytes, info.Sha256);
        }
        finally
        {
            if (!kept)
            {
                incoming.Delete();
            }
        }

        async Task<bool> RequestAsync(FileChunkRequest wanted) =>
            nodes.Find(node)?.Session is { } session
            && await session.TrySendAsync(MessageKind.FileChunkRequest, wanted, ProtocolJsonContext.Default.FileChunkRequest, cancellationToken);
    }

    private static T Parse<T>(TaskView task, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string node)
    {
        try
        {
            return JsonSerializer.Deserialize(task.Stdout, type)
                ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new RequestRefusedException(StatusCodes.Status502BadGateway, $"{node} answered with something this Brain cannot read ({ex.Message}); upgrade its Tentacle.");
        }
    }
}
