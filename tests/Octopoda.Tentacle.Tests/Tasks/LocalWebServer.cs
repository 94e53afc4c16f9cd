using System.Net;
using System.Net.Sockets;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>A plain-HTTP server on a real loopback port (<see cref="HttpListener"/>) answering with a test's handler.</summary>
internal sealed class LocalWebServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _loop;

    private LocalWebServer(HttpListener listener, Uri address, Func<HttpListenerContext, Task> handler)
    {
        _listener = listener;
        _handler = handler;
        Address = address;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Address { get; }

    public static LocalWebServer Start(Func<HttpListenerContext, Task> handler)
    {
        // HttpListener cannot bind port 0, so take a free port and retry on the rare collision.
        for (var attempt = 0; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{UnusedPort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new LocalWebServer(listener, address, handler);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A loopback port nothing listens on (just released by the OS).</summary>
    public static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
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

            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away.
                }
                finally
                {
                    context.Response.Close();
                }
            });
        }
    }
}
