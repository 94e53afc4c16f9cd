using System.Globalization;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Client;

// File transfers: a file or a directory tree travels as one POSIX tar stream, streamed through the Brain's spool to
// one file.push task per node (see docs/ARCHITECTURE.md, "Files").
public sealed partial class OctopodaClient
{
    /// <summary>The media type of an upload's body.</summary>
    private const string TarMediaType = "application/x-tar";

    /// <summary>
    /// Uploads a tar stream to nodes: its entries are placed under <paramref name="targetDirectory"/> on each of
    /// them. The stream is sent as it is read, never buffered, so it may be produced on the fly and be of any size
    /// up to the Brain's limit (a larger one is an <see cref="OctopodaApiException"/> with status 413). Returns once
    /// the Brain has the whole stream and has stored one task per node; see each node's result with
    /// <see cref="WaitBatchAsync"/>: a task succeeds once its node has verified and placed the files.
    /// </summary>
    /// <remarks>
    /// No overall deadline applies while the body is being sent (a large upload takes as long as it takes; stop it
    /// with the token); once the last byte has gone, the Brain must answer within the client's
    /// <see cref="OctopodaClientOptions.Timeout"/>. The Brain checks the targets before it reads the body, so a
    /// refused upload sends (almost) nothing. A failure to read <paramref name="tarStream"/> is thrown as it is, not as
    /// an <see cref="OctopodaException"/>.
    /// </remarks>
    /// <param name="tarStream">A POSIX tar stream, read to its end once; not disposed.</param>
    /// <param name="targetDirectory">
    /// Where the entries land on each node, as given: path variables (<c>@fstore</c>, <c>@root</c>…) and relative
    /// paths are resolved by the node.
    /// </param>
    /// <param name="targets">Node names, <c>@group</c>s or <c>@all</c>; at least one.</param>
    /// <param name="force">Create the target directory on a node where it does not exist.</param>
    /// <param name="ttlSeconds">How long a task may wait for an offline node before it expires; 0 expires at once.</param>
    /// <param name="cancellationToken">Cancels the upload; the Brain then discards what it received.</param>
    public async Task<RunSubmission> UploadAsync(
        Stream tarStream,
        string targetDirectory,
        IEnumerable<string> targets,
        bool force = false,
        int ttlSeconds = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tarStream);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegative(ttlSeconds);
        if (!tarStream.CanRead)
        {
            throw new ArgumentException("The tar stream must be readable.", nameof(tarStream));
        }

        var targetList = targets.ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(targetList.Length, nameof(targets));
        var query = new QueryBuilder()
            .Add("dir", targetDirectory)
            .AddList("targets", targetList)
            .Add("force", force ? "true" : "false")
            .Add("ttlSeconds", ttlSeconds.ToString(CultureInfo.InvariantCulture));

        // The answer's deadline starts when the body is sent, not before: sending 10 GB must not count against it.
        using var answerDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var body = new UploadContent(tarStream, TarMediaType, () => answerDeadline.CancelAfter(_timeout));
        try
        {
            return await SendAsync(
                HttpMethod.Post, ApiRoutes.FilesUpload + query, body, ProtocolJsonContext.Default.RunSubmission,
                System.Threading.Timeout.InfiniteTimeSpan, answerDeadline.Token).ConfigureAwait(false);
        }
        catch (Exception) when (body.SourceFailure is { } failure)
        {
            // The caller's stream failed (an unreadable file, say); whatever the connection made of it is beside the point.
            failure.Throw();
            throw;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && answerDeadline.IsCancellationRequested)
        {
            throw _failures.Timeout(_timeout, ex);
        }
    }
}
