using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;

namespace Octopoda.Client;

// File transfers: a file or a directory tree travels as one POSIX tar stream, streamed through the Brain's spool to
// one file.push task per node, kept in the Brain's store, or fetched from a node (see docs/ARCHITECTURE.md, "Files").
public sealed partial class OctopodaClient
{
    /// <summary>The media type of a tar body, up or down.</summary>
    private const string TarMediaType = "application/x-tar";

    /// <summary>The response header of a download carrying the SHA-256 of the whole body, lower-case hex.</summary>

    /// <summary>
    /// How long the Brain may take to answer a download or a copy: it fetches the whole stream from the source node
    /// before it answers, so the wait grows with the size. One hour covers the largest transfer a Brain takes by
    /// default (files.maxTransferBytes, 8 GiB) at 2.4 MB/s (8 GiB / 3,600 s), slower than any link between a node and
    /// its Brain should be; a client timeout longer than that wins.
    /// </summary>
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromHours(1);

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
    public Task<RunSubmission> UploadAsync(
        Stream tarStream,
        string targetDirectory,
        IEnumerable<string> targets,
        bool force = false,
        int ttlSeconds = 0,
        CancellationToken cancellationToken = default)
    {
        CheckTarStream(tarStream);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegative(ttlSeconds);
        var targetList = targets.ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(targetList.Length, nameof(targets));
        var query = new QueryBuilder()
            .Add("dir", targetDirectory)
            .AddList("targets", targetList)
            .Add("force", force ? "true" : "false")
            .Add("ttlSeconds", ttlSeconds.ToString(CultureInfo.InvariantCulture));
        return SendTarAsync(ApiRoutes.FilesUpload + query, tarStream, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>
    /// Keeps a tar stream in the Brain's file store under <paramref name="name"/> (replacing one of that name), to be
    /// sent on to nodes later with <see cref="SpreadAsync"/>. Sent as <see cref="UploadAsync"/> sends, with the same
    /// deadlines and the same size limit.
    /// </summary>
    /// <param name="tarStream">A POSIX tar stream, read to its end once; not disposed.</param>
    /// <param name="name">The stored name, a relative path such as <c>app/app.conf</c>.</param>
    /// <param name="cancellationToken">Cancels the upload; the Brain then keeps nothing.</param>
    /// <returns>The stored entry as <see cref="ListStoreAsync"/> lists it.</returns>
    public Task<FileEntryView> StoreAsync(Stream tarStream, string name, CancellationToken cancellationToken = default)
    {
        CheckTarStream(tarStream);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = new QueryBuilder().Add("name", name);
        return SendTarAsync(ApiRoutes.FilesStore + query, tarStream, ProtocolJsonContext.Default.FileEntryView, cancellationToken);
    }

    /// <summary>The entries of the Brain's file store whose names start with <paramref name="prefix"/> (all of them when empty).</summary>
    public Task<FileListing> ListStoreAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().Add("prefix", prefix);
        return SendAsync(HttpMethod.Get, ApiRoutes.FilesStore + query, null, ProtocolJsonContext.Default.FileListing, cancellationToken);
    }

    /// <summary>Removes <paramref name="name"/> from the Brain's file store (an unknown name is an <see cref="OctopodaApiException"/>, 404).</summary>
    public Task DeleteStoredAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = new QueryBuilder().Add("name", name);
        return SendAsync(HttpMethod.Delete, ApiRoutes.FilesStore + query, null, cancellationToken);
    }

    /// <summary>
    /// Lists a directory on a node (or describes the one file at <paramref name="path"/>); symbolic links are listed,
    /// not followed. The node answers through the Brain, so an offline node is an <see cref="OctopodaApiException"/>.
    /// </summary>
    /// <param name="node">The node's name.</param>
    /// <param name="path">On the node: absolute, relative to <c>@fstore</c>, or starting with a path variable.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<FileListing> ListFilesAsync(string node, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var query = new QueryBuilder().Add("node", node).Add("path", path);
        return SendAsync(HttpMethod.Get, ApiRoutes.FilesList + query, null, ProtocolJsonContext.Default.FileListing, cancellationToken);
    }

    /// <summary>Sends a file kept in the Brain's store on to nodes; follow the returned batch as an upload's.</summary>
    public Task<RunSubmission> SpreadAsync(FileSpreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TargetDirectory, nameof(request));
        ArgumentOutOfRangeException.ThrowIfZero(request.Targets.Count, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.TtlSeconds, nameof(request));
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.FileSpreadRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.FilesSpread, body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>
    /// Copies a file or directory from one node to others through the Brain; follow the returned batch as an
    /// upload's. The Brain fetches the whole stream from the source node before it answers, so this call may take as
    /// long as that transfer (up to an hour, or the client's timeout if longer).
    /// </summary>
    public Task<RunSubmission> CopyAsync(FileCopyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SourceNode, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.SourcePath, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TargetDirectory, nameof(request));
        ArgumentOutOfRangeException.ThrowIfZero(request.Targets.Count, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.TtlSeconds, nameof(request));
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.FileCopyRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.FilesCopy, body, ProtocolJsonContext.Default.RunSubmission, FetchBudget, cancellationToken);
    }

    /// <summary>
    /// Starts downloading a file or directory from a node as a tar stream whose one top-level entry is
    /// <paramref name="path"/>'s last name. Returns once the Brain starts answering (it fetches the whole stream from
    /// the node first, so this may take as long as that transfer: up to an hour, or the client's timeout if longer);
    /// read the body with <see cref="FileDownload.CopyToAsync"/>, which checks it against the length and SHA-256 the
    /// Brain declared, or from <see cref="FileDownload.Content"/>. Nothing is buffered in memory.
    /// </summary>
    /// <remarks>
    /// While the body is read, each read must bring data within the client's
    /// <see cref="OctopodaClientOptions.Timeout"/>; there is no overall deadline. The archive comes from a node: extract
    /// it only with rules that refuse names and links reaching outside the target (Octopoda.Protocol's
    /// <c>FileInstaller</c> does).
    /// </remarks>
    /// <param name="node">The node's name.</param>
    /// <param name="path">On the node: absolute, relative to <c>@fstore</c>, or starting with a path variable.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer (and, once it started, reading it).</param>
    /// <returns>The answer, to be disposed.</returns>
    public async Task<FileDownload> DownloadAsync(string node, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var query = new QueryBuilder().Add("node", node).Add("path", path);
        using var request = new HttpRequestMessage(HttpMethod.Get, ResolveUri(ApiRoutes.FilesDownload + query));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TarMediaType));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(FetchBudget);
        HttpResponseMessage? response = null;
        try
        {
            await EnsureCaAsync(deadline.Token).ConfigureAwait(false);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemReader.ReadAsync(response, deadline.Token).ConfigureAwait(false);
            }

            var (length, sha256) = ReadDownloadHeaders(response);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var download = new FileDownload(
                response, new DownloadStream(body, _timeout, _baseAddress.GetLeftPart(UriPartial.Authority), _failures), length, sha256);
            response = null;
            return download;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw deadline.IsCancellationRequested || ex.InnerException is TimeoutException
                ? _failures.Timeout(ex.InnerException is TimeoutException ? _timeout : FetchBudget, ex)
                : _failures.Transport(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>The longest wait for an answer that needs a transfer from a node first.</summary>
    private TimeSpan FetchBudget => _timeout > FetchTimeout ? _timeout : FetchTimeout;

    private (long Length, string Sha256) ReadDownloadHeaders(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength is not { } length)
        {
            throw _failures.Unreadable(new InvalidDataException("the download answer has no Content-Length"));
        }

        var sha256 = response.Headers.TryGetValues(ApiRoutes.Sha256Header, out var values) ? values.FirstOrDefault()?.Trim() : null;
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigit))
        {
            throw _failures.Unreadable(new InvalidDataException(
                sha256 is null ? $"the download answer has no {ApiRoutes.Sha256Header} header" : $"the download answer's {ApiRoutes.Sha256Header} header is not a SHA-256 in hex"));
        }

        return (length, sha256.ToLowerInvariant());
    }

    /// <summary>
    /// Sends a tar stream as the body of a POST and reads the JSON answer: no deadline while the body goes, the
    /// client's timeout for the answer after the last byte.
    /// </summary>
    private async Task<T> SendTarAsync<T>(string pathAndQuery, Stream tarStream, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        // The answer's deadline starts when the body is sent, not before: sending 10 GB must not count against it.
        using var answerDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var body = new UploadContent(tarStream, TarMediaType, () => answerDeadline.CancelAfter(_timeout));
        try
        {
            return await SendAsync(
                HttpMethod.Post, pathAndQuery, body, type, System.Threading.Timeout.InfiniteTimeSpan, answerDeadline.Token).ConfigureAwait(false);
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

    private static void CheckTarStream(Stream tarStream)
    {
        ArgumentNullException.ThrowIfNull(tarStream);
        if (!tarStream.CanRead)
        {
            throw new ArgumentException("The tar stream must be readable.", nameof(tarStream));
        }
    }
}
