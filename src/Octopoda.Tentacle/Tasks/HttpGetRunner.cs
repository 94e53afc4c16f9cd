using System.Net;
using System.Text;
using Octopoda.Protocol;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs <c>httpget</c> tasks: one GET from the node's vantage point. Only http and https; the body, at most
/// <see cref="HttpGetPayload.MaxBytes"/> (a longer one fails the task rather than arriving cut), becomes stdout as
/// UTF-8 text. A 2xx status succeeds with exit code 0; any other fails with the status line as the error.
/// </summary>
internal sealed class HttpGetRunner(TimeProvider time) : IDisposable
{
    public const int MaxTimeoutSeconds = 300;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        // A fleet fetching from the same service should not pin connections to an address forever.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProcessOutcome> GetAsync(HttpGetPayload payload, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(payload.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return ProcessOutcome.NotStarted($"httpget fetches only absolute http:// or https:// URLs, not '{payload.Url}'");
        }

        if (payload.MaxBytes is < 1 or > ProtocolInfo.MaxCapturedOutputBytes)
        {
            return ProcessOutcome.NotStarted($"httpget maxBytes must be 1 to {ProtocolInfo.MaxCapturedOutputBytes}, not {payload.MaxBytes}");
        }

        if (payload.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            return ProcessOutcome.NotStarted($"httpget timeout must be 1 to {MaxTimeoutSeconds} s, not {payload.TimeoutSeconds}");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ProcessOutcome.NotStarted("cancelled before it started", cancelled: true);
        }

        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(payload.TimeoutSeconds));
        try
        {
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var tooLarge = $"the body is larger than {payload.MaxBytes} bytes";
            if (response.Content.Headers.ContentLength > payload.MaxBytes)
            {
                return new ProcessOutcome { Error = tooLarge, Start = start };
            }

            var body = await ReadBoundedAsync(response.Content, payload.MaxBytes, limit.Token);
            if (body is null)
            {
                return new ProcessOutcome { Error = tooLarge, Start = start };
            }

            var text = Encoding.UTF8.GetString(body);
            return response.IsSuccessStatusCode
                ? new ProcessOutcome { ExitCode = 0, Stdout = text, Start = start }
                : new ProcessOutcome { Stdout = text, Error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), Start = start };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ProcessOutcome { Cancelled = true, Error = "cancelled", Start = start };
        }
        catch (OperationCanceledException)
        {
            return new ProcessOutcome { TimedOut = true, Error = $"timed out after {payload.TimeoutSeconds} s", Start = start };
        }
        catch (HttpRequestException ex)
        {
            var inner = ex.InnerException is { } cause && cause.Message != ex.Message ? $" ({cause.Message})" : "";
            return new ProcessOutcome { Error = ex.Message + inner, Start = start };
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (kept.Length + read > maxBytes)
            {
                return null;
            }

            kept.Write(buffer, 0, read);
        }

        return kept.ToArray();
    }
}
