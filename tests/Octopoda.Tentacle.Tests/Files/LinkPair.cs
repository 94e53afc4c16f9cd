using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Octopoda.Protocol.Transport;

namespace Octopoda.Tentacle.Tests.Files;

/// <summary>
/// Two ends of a real agent link (WebSockets over a loopback TCP connection, no TLS): <see cref="Brain"/> and
/// <see cref="Node"/>, each a <see cref="FrameConnection"/>, for testing what one side serves the other.
/// </summary>
internal sealed class LinkPair : IAsyncDisposable
{
    private LinkPair(FrameConnection brain, FrameConnection node)
    {
        Brain = brain;
        Node = node;
    }

    public FrameConnection Brain { get; }

    public FrameConnection Node { get; }

    public static async Task<LinkPair> OpenAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        var brain = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
        var node = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        return new LinkPair(new FrameConnection(brain), new FrameConnection(node));
    }

    public async ValueTask DisposeAsync()
    {
        await Brain.DisposeAsync();
        await Node.DisposeAsync();
    }
}
