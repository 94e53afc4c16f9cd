using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Support;

/// <summary>
/// A plain-HTTP stand-in for the Brain's REST API on a real loopback socket (<see cref="HttpListener"/>); each test
/// scripts the answers. It records every request so tests can check what the SDK sent.
/// </summary>
internal sealed class FakeBrain : IAsyncDisposable
{
    /// <summary>The content type of a body the fake does not read itself (<see cref="RecordedRequest.Body"/> stays empty).</summary>
    public const string StreamedContentType = "application/x-tar";

    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, RecordedRequest, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private FakeBrain(HttpListener listener, Uri address, Func<HttpListenerContext, RecordedRequest, Task> handler)
    {
        _listener = listener;
        _handler = handler;
        Address = address;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the fake listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts a fake that answers every request with <paramref name="handler"/>.</summary>
    public static FakeBrain Start(Func<HttpListenerContext, RecordedRequest, Task> handler)
    {
        // HttpListener cannot bind port 0, so take a free port and retry on the rare collision.
        for (var attempt = 0; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new FakeBrain(listener, address, handler);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Writes a JSON answer and closes the response.</summary>
    public static async Task RespondAsync(HttpListenerContext context, int status, string json, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    /// <summary>Answers 204 No Content.</summary>
    public static Task RespondNoContentAsync(HttpListenerContext context)
    {
        context.Response.StatusCode = 204;
        context.Response.Close();
        return Task.CompletedTask;
    }

    /// <summary>Writes one NDJSON line of a streamed answer and flushes it to the socket.</summary>
    public static async Task WriteLineAsync(HttpListenerContext context, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "\n");
        await context.Response.OutputStream.WriteAsync(bytes);
        await context.Response.OutputStream.FlushAsync();
    }

    /// <summary>Answers with a whole NDJSON stream of <paramref name="lines"/> and closes it.</summary>
    public static async Task StreamAsync(HttpListenerContext context, params string[] lines)
    {
        BeginStream(context);
        foreach (var line in lines)
        {
            await WriteLineAsync(context, line);
        }

        context.Response.Close();
    }

    /// <summary>Starts a chunked NDJSON answer.</summary>
    public static void BeginStream(HttpListenerContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-ndjson";
        context.Response.SendChunked = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener's Close after a Stop binds the port again to drop its prefixes, which fails
            // ("Address already in use") when a test running in parallel took the freed port in between. It is down.
        }

        await _loop.WaitAsync(TestTimeouts.Step);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            // A tar upload is left for the handler to read as it arrives (from context.Request.InputStream).
            var contentType = context.Request.ContentType;
            var body = "";
            if (contentType != StreamedContentType)
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                body = await reader.ReadToEndAsync();
            }

            var request = new RecordedRequest(
                context.Request.HttpMethod, context.Request.RawUrl ?? "", body,
                context.Request.Headers["Authorization"], context.Request.Headers["Accept"],
                context.Request.Headers[ApiRoutes.PathHeader])
            {
                ContentType = contentType,
                ContentLength = context.Request.ContentLength64,
            };
            Requests.Enqueue(request);
            await _handler(context, request);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away (a test cancelled it, or the fake is stopping).
        }
    }
}
