using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Octopoda.Perf.Simulation;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Perf.Api;

/// <summary>
/// The few REST calls the benchmarks make, on a plain <see cref="HttpClient"/> (HTTP/1.1, one pooled connection per
/// request in flight) that trusts only the Brain's CA. Not the SDK: a benchmark must see a 404 from an endpoint a
/// Brain does not have yet as a value, and must not pay for anything the SDK adds per call.
/// </summary>
internal sealed class BrainApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly PinnedCa _ca;

    public BrainApi(ApiTarget target)
    {
        _ca = PinnedCa.FromPem(File.ReadAllText(target.CaFile));
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = _ca.Validate },
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            },
            disposeHandler: true)
        {
            BaseAddress = target.Brain,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
    }

    /// <summary>POST /api/v1/commands; a refusal or a transport failure is an outcome, not an exception.</summary>
    public async Task<Submitted> SubmitAsync(RunCommandRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.PostAsJsonAsync(ApiRoutes.Commands, request, ProtocolJsonContext.Default.RunCommandRequest, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return response.StatusCode == HttpStatusCode.Accepted
                ? new Submitted(JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.RunSubmission), elapsed, null)
                : new Submitted(null, elapsed, $"{(int)response.StatusCode}: {Shorten(body)}");
        }
        catch (Exception ex) when ((ex is HttpRequestException or IOException or JsonException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return new Submitted(null, Stopwatch.GetElapsedTime(started), ex.InnerException?.Message ?? ex.Message);
        }
    }

    /// <summary>GET /api/v1/metrics/delivery; null when this Brain has no such endpoint (404).</summary>
    public async Task<DeliveryMetrics?> GetDeliveryMetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(ApiRoutes.DeliveryMetrics, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.DeliveryMetrics, cancellationToken);
    }

    /// <summary>GET /api/v1/metrics/delivery as it came (for the record); null on 404.</summary>
    public async Task<string?> GetDeliveryMetricsJsonAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(ApiRoutes.DeliveryMetrics, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<NodeListResponse> GetNodesAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync(ApiRoutes.Nodes, ProtocolJsonContext.Default.NodeListResponse, cancellationToken)
        ?? throw new HttpRequestException("the Brain sent an empty node list");

    /// <summary>
    /// GET /api/v1/batches/{id}/wait: the batch's tasks as they become final, until all are or
    /// <paramref name="timeout"/> passes on the Brain (then the list is short of the unfinished ones).
    /// </summary>
    public async Task<List<TaskView>> WaitBatchAsync(string batchId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = $"{ApiRoutes.Batches}/{Uri.EscapeDataString(batchId)}/wait?timeoutSeconds={Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds))}";
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var tasks = new List<TaskView>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                tasks.Add(JsonSerializer.Deserialize(line, ProtocolJsonContext.Default.TaskView)!);
            }
        }

        return tasks;
    }

    /// <summary>GET /api/v1/batches/{id}: the batch's tasks as they are now.</summary>
    public async Task<IReadOnlyList<TaskView>> GetBatchAsync(string batchId, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync($"{ApiRoutes.Batches}/{Uri.EscapeDataString(batchId)}", ProtocolJsonContext.Default.IReadOnlyListTaskView, cancellationToken)
        ?? [];

    public void Dispose()
    {
        _http.Dispose();
        _ca.Dispose();
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
