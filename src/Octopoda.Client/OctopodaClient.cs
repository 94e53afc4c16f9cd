using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Client.Http;
using Octopoda.Client.Tls;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Client;

/// <summary>
/// The Brain's REST API. One instance holds one connection pool; create it once and share it (it is thread-safe).
/// Every failure is an <see cref="OctopodaException"/>; an error answer from the Brain is an
/// <see cref="OctopodaApiException"/>.
/// </summary>
public sealed partial class OctopodaClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _basePath;
    private readonly TimeSpan _timeout;
    private readonly FailureTranslator _failures;
    private readonly BrainCertificateValidator? _validator;
    private readonly CaDiscovery? _discovery;
    private readonly SemaphoreSlim _discoveryLock = new(1, 1);
    private volatile bool _discoveryDone;

    /// <summary>Creates a client; nothing is sent until the first call.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (an address that is not absolute http(s), a malformed fingerprint, a workgroup path that is not absolute).</exception>
    /// <exception cref="OctopodaException">The CA certificate file cannot be read.</exception>
    public OctopodaClient(OctopodaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseAddress);
        if (!options.BaseAddress.IsAbsoluteUri || options.BaseAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException(
                $"BaseAddress must be an absolute http or https address, got '{options.BaseAddress}'.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        string? workgroupPath = null;
        if (!string.IsNullOrEmpty(options.WorkgroupPath))
        {
            workgroupPath = WorkgroupPath.TryParse(options.WorkgroupPath, out var current, out var pathError)
                ? current.Value
                : throw new ArgumentException($"WorkgroupPath: {pathError}.", nameof(options));
        }

        _baseAddress = options.BaseAddress;
        _basePath = options.BaseAddress.AbsolutePath.TrimEnd('/');
        _timeout = options.Timeout;

        var pin = CaPin.FromOptions(options);
        var validator = _validator = pin is null ? null : new BrainCertificateValidator(pin);
        var handler = new SocketsHttpHandler
        {
            // Bounds connecting for every request, the NDJSON wait included, which has no overall timeout.
            ConnectTimeout = options.Timeout,
        };
        if (validator is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validator.Validate;
        }

        _failures = new FailureTranslator(options.BaseAddress, validator);
        if (pin is { Certificate: null, Fingerprint: { } fingerprint } && options.BaseAddress.Scheme == "https")
        {
            _discovery = new CaDiscovery(ResolveUri(ApiRoutes.CaCertificate), fingerprint, options.Timeout, _failures);
        }
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("octopoda-client", typeof(OctopodaClient).Assembly.GetName().Version?.ToString(3)));
        if (!string.IsNullOrEmpty(options.Token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        if (workgroupPath is not null)
        {
            _http.DefaultRequestHeaders.Add(ApiRoutes.PathHeader, workgroupPath);
        }
    }

    /// <summary>The Brain's address this client talks to.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>The Brain's identity and version; needs no token, so it doubles as a health check.</summary>
    public Task<BrainInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Info, null, ProtocolJsonContext.Default.BrainInfo, cancellationToken);

    /// <summary>Nodes and their liveness.</summary>
    /// <param name="targets">Node names, <c>ALL</c> or <c>@all</c>; null or empty for every node.</param>
    /// <param name="stateFilter">Only nodes in this state (<c>online</c>, <c>unstable</c>, <c>offline</c>); null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<NodeListResponse> GetNodesAsync(
        IReadOnlyList<string>? targets = null, string? stateFilter = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().AddList("targets", targets).Add("state", stateFilter);
        return SendAsync(HttpMethod.Get, ApiRoutes.Nodes + query, null, ProtocolJsonContext.Default.NodeListResponse, cancellationToken);
    }

    /// <summary>A live resource sample from each node, plus fleet averages.</summary>
    /// <param name="targets">Node names, <c>ALL</c> or <c>@all</c>; null or empty for every node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<NodeStatusResponse> GetNodeStatusAsync(
        IReadOnlyList<string>? targets = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().AddList("targets", targets);
        return SendAsync(HttpMethod.Get, ApiRoutes.NodesStatus + query, null, ProtocolJsonContext.Default.NodeStatusResponse, cancellationToken);
    }

    /// <summary>Forgets the offline nodes among <paramref name="targets"/>; the others are kept.</summary>
    public Task<PruneResponse> PruneNodesAsync(IReadOnlyList<string> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count, nameof(targets));
        var body = JsonContent.Create(new PruneRequest { Targets = targets }, ProtocolJsonContext.Default.PruneRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.NodesPrune, body, ProtocolJsonContext.Default.PruneResponse, cancellationToken);
    }

    /// <summary>Runs a command or script on nodes; returns as soon as the Brain has stored one task per node.</summary>
    public Task<RunSubmission> RunCommandAsync(RunCommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.RunCommandRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.Commands, body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>One task, by id (or a unique prefix of one).</summary>
    public Task<TaskView> GetTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(HttpMethod.Get, $"{ApiRoutes.Tasks}/{Uri.EscapeDataString(id)}", null, ProtocolJsonContext.Default.TaskView, cancellationToken);
    }

    /// <summary>The tasks of a batch, in whatever state they are now.</summary>
    public Task<IReadOnlyList<TaskView>> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        return SendAsync(HttpMethod.Get, $"{ApiRoutes.Batches}/{Uri.EscapeDataString(batchId)}", null, ProtocolJsonContext.Default.IReadOnlyListTaskView, cancellationToken);
    }

    /// <summary>
    /// Streams the tasks of a batch as each reaches a final state (those already final come first). The sequence
    /// ends when every task is final, or early when <paramref name="timeout"/> passes on the Brain. The client's
    /// <see cref="OctopodaClientOptions.Timeout"/> bounds only connecting; stop sooner with the token.
    /// </summary>
    public IAsyncEnumerable<TaskView> WaitBatchAsync(
        string batchId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batchId);
        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.Zero, nameof(timeout));
        }

        var query = new QueryBuilder().Add("timeoutSeconds", WholeSeconds(timeout));
        return ReadNdjsonAsync($"{ApiRoutes.Batches}/{Uri.EscapeDataString(batchId)}/wait{query}", ProtocolJsonContext.Default.TaskView, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _discoveryLock.Dispose();
    }

    /// <summary>
    /// Reads an NDJSON answer one line at a time, yielding each document as its line arrives: nothing is buffered
    /// beyond the line being read, and no overall deadline applies (the caller's token stops it).
    /// </summary>
    private async IAsyncEnumerable<T> ReadNdjsonAsync<T>(
        string path, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ResolveUri(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await ReadStreamAsync(response, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);
            while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    yield return Deserialize(line, type);
                }
            }
        }
    }

    private Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(method, path, content, type, _timeout, cancellationToken);

    /// <summary>One request and its JSON answer, all within <paramref name="budget"/> (longer than the client's timeout for long polls).</summary>
    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, TimeSpan budget, CancellationToken cancellationToken) =>
        await SendCoreAsync(method, path, content, type, budget, cancellationToken).ConfigureAwait(false) is (true, var value)
            ? value!
            : throw _failures.Unreadable(new JsonException("the Brain answered 204 No Content where a document was expected"));

    /// <summary>One request whose answer has no document (204), or whose document is not needed.</summary>
    private Task SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendCoreAsync<object>(method, path, content, null, _timeout, cancellationToken);

    /// <summary>One request whose answer is a document, or 204 No Content (null).</summary>
    private async Task<T?> SendOptionalAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        (await SendCoreAsync(method, path, content, type, _timeout, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// One request within <paramref name="budget"/>; its JSON answer read with <paramref name="type"/> (not read when
    /// null). <c>HasBody</c> is false for a 204 No Content answer or when no type was given.
    /// </summary>
    private async Task<(bool HasBody, T? Value)> SendCoreAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T>? type, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, ResolveUri(path)) { Content = content };

        // A streamed upload waits for the Brain's 100 Continue, so one it refuses (403, 400) sends no body at all.
        request.Headers.ExpectContinue = content is UploadContent ? true : null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            await EnsureCaAsync(deadline.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemReader.ReadAsync(response, deadline.Token).ConfigureAwait(false);
            }

            if (type is null || response.StatusCode == HttpStatusCode.NoContent)
            {
                return (false, default);
            }

            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return (true, Deserialize(body, type));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller: our deadline, the handler's connect timeout, or the socket itself gave up.
            throw deadline.IsCancellationRequested || ex.InnerException is TimeoutException
                ? _failures.Timeout(ex.InnerException is TimeoutException ? _timeout : budget, ex)
                : _failures.Transport(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCaAsync(cancellationToken).ConfigureAwait(false);
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller: the handler's connect timeout (the wait itself has no deadline), or the socket gave up.
            throw ex.InnerException is TimeoutException ? _failures.Timeout(_timeout, ex) : _failures.Transport(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
    }

    private async Task<OctopodaApiException> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
    }

    private async Task<Stream> ReadStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
    }

    private async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw _failures.Transport(ex);
        }
    }

    /// <summary>With only a fingerprint pinned, learns the CA once before the first request (see <see cref="CaDiscovery"/>).</summary>
    private async Task EnsureCaAsync(CancellationToken cancellationToken)
    {
        if (_discovery is null || _discoveryDone)
        {
            return;
        }

        await _discoveryLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_discoveryDone)
            {
                // A failure leaves _discoveryDone false, so the next call tries again.
                if (await _discovery.FetchAsync(cancellationToken).ConfigureAwait(false) is { } ca)
                {
                    _validator!.TrustDiscovered(ca);
                }

                _discoveryDone = true;
            }
        }
        finally
        {
            _discoveryLock.Release();
        }
    }

    private T Deserialize<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("the body was JSON null");
        }
        catch (JsonException ex)
        {
            throw _failures.Unreadable(ex);
        }
    }

    private Uri ResolveUri(string pathAndQuery) => new(_baseAddress, _basePath + pathAndQuery);

    /// <summary>A timeout as whole seconds for a query string, rounded up so a wait never ends early; null stays null.</summary>
    private static string? WholeSeconds(TimeSpan? timeout) =>
        timeout is { } limit ? ((long)Math.Ceiling(limit.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary><c>/{collection}/{id}{suffix}</c> with the id escaped.</summary>
    private static string ItemPath(string collection, string id, string suffix = "") => $"{collection}/{Uri.EscapeDataString(id)}{suffix}";
}
