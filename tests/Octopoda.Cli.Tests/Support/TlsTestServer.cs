using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Octopoda.Cli.Tests.Support;

/// <summary>
/// A real TLS server on loopback that answers each HTTP request through a function of its path: enough to exercise
/// the SDK's certificate checks without a Kestrel in this test project.
/// </summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SslStreamCertificateContext _certificate;
    private readonly Func<string, (int Status, string ContentType, string Body)> _respond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>Serves <paramref name="server"/>, sending <paramref name="chain"/> with it.</summary>
    public TlsTestServer(X509Certificate2 server, X509Certificate2Collection chain, Func<string, (int Status, string ContentType, string Body)> respond)
    {
        _certificate = SslStreamCertificateContext.Create(server, chain, offline: true);
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Address { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _loop.WaitAsync(TestTimeouts.Step);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _certificate }, _stopping.Token);
            var requestLine = await ReadHeadersAsync(tls);
            var (status, contentType, text) = _respond(requestLine.Split(' ')[1]);
            var body = Encoding.UTF8.GetBytes(text);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await tls.WriteAsync(head, _stopping.Token);
            await tls.WriteAsync(body, _stopping.Token);
            await tls.FlushAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // The client refused the certificate, which is what several tests want.
        }
    }

    /// <summary>Reads the request head and returns its first line.</summary>
    private async Task<string> ReadHeadersAsync(Stream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                throw new IOException("the client closed before sending a request");
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return seen.ToString().Split("\r\n")[0];
    }
}
