using System.Net.WebSockets;
using Octopoda.Protocol;
using Octopoda.Tentacle;
using Octopoda.Tentacle.Enrollment;

namespace Octopoda.Testing;

/// <summary>
/// A hand-driven agent connection with a real enrolled certificate, for sending the Brain whatever bytes a test
/// wants (garbage, oversize frames, protocol violations) and observing how it closes.
/// </summary>
internal sealed class RawAgent : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private RawAgent(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<RawAgent> ConnectAsync(Uri brain, string joinToken, string nodeName, string dataDirectory)
    {
        var options = new TentacleOptions { Name = nodeName, Brains = [brain.ToString()], JoinToken = joinToken, DataDirectory = dataDirectory };
        if (NodeIdentity.TryLoad(dataDirectory) is null)
        {
            var refusal = await new Enroller(options).EnrollAsync(brain, CancellationToken.None);
            if (refusal is not null)
            {
                throw new InvalidOperationException($"Enrolling {nodeName} failed: {refusal}");
            }
        }

        using var identity = NodeIdentity.TryLoad(dataDirectory)!;
        var socket = new ClientWebSocket();
        socket.Options.ClientCertificates.Add(identity.Certificate);
        socket.Options.RemoteCertificateValidationCallback = BrainTrust.PinnedTo(identity.CaCertificate);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new UriBuilder(brain) { Scheme = "wss", Path = ProtocolInfo.AgentPath }.Uri, timeout.Token);
        return new RawAgent(socket);
    }

    public async Task SendAsync(byte[] data, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(data, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Reads until the Brain closes the connection; returns its close status and description.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancel.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (_socket.CloseStatus, _socket.CloseStatusDescription);
                }
            }
        }
        catch (WebSocketException)
        {
            return (_socket.CloseStatus, _socket.CloseStatusDescription ?? "aborted");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Brain did not close the connection within {timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
