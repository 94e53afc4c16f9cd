using System.Net;
using System.Net.Sockets;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Support;

public sealed class TcpProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly EchoServer _echo = new();
    private TcpProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = TcpProxy.Start("127.0.0.1", _echo.Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task Forward_ManyBytesBothWays_ArriveUnchangedAndAreCounted()
    {
        var sent = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(sent);
        using var client = await ConnectAsync();

        // Send and read at once (the echo fills the buffers otherwise), then half-close: the FIN must travel
        // through the proxy to the echo server, whose own FIN ends our read after the last byte.
        var sending = Task.Run(async () =>
        {
            await SendAllAsync(client, sent);
            client.Shutdown(SocketShutdown.Send);
        });
        var received = await ReadToEndAsync(client);
        await sending;

        Assert.Equal(sent.Length, received.Length);
        Assert.True(sent.AsSpan().SequenceEqual(received), "the echoed bytes differ from the bytes sent");
        await Eventually.TrueAsync(() => _proxy.BytesFromTarget == sent.Length, Wait, "the proxy to count every byte back");
        Assert.Equal(sent.Length, _proxy.BytesToTarget);
        Assert.Equal(1, _proxy.ConnectionsAccepted);
        await Eventually.TrueAsync(() => _proxy.ActiveConnections == 0, Wait, "the half-closed link to be dropped");
    }

    [Fact]
    public async Task Forward_SeveralConnectionsAtOnce_EachGetsItsOwnBytes()
    {
        var sends = Enumerable.Range(0, 8).Select(async i =>
        {
            var data = new byte[256 * 1024];
            Random.Shared.NextBytes(data);
            using var client = await ConnectAsync();
            var sending = Task.Run(async () =>
            {
                await SendAllAsync(client, data);
                client.Shutdown(SocketShutdown.Send);
            });
            var echoed = await ReadToEndAsync(client);
            await sending;
            return data.AsSpan().SequenceEqual(echoed);
        });

        Assert.All(await Task.WhenAll(sends), Assert.True);
        Assert.Equal(8, _proxy.ConnectionsAccepted);
        Assert.Equal(8, _echo.Accepted);
    }

    [Fact]
    public async Task Cut_LiveConnection_IsResetOnBothSides()
    {
        using var client = await ConnectAsync();
        await AssertEchoesAsync(client, "before the cut");

        _proxy.Cut();

        Assert.Equal(ReadOutcome.Reset, await ReadOutcomeAsync(client, Wait));
        await Eventually.TrueAsync(() => _echo.Ended == 1, Wait, "the echo server's side of the link to end");
        Assert.Equal(0, _proxy.ActiveConnections);
    }

    [Fact]
    public async Task Cut_NewConnection_IsResetWithoutReachingTheTarget()
    {
        _proxy.Cut();

        Assert.Equal(ReadOutcome.Reset, await ConnectAndReadAsync());
        await Eventually.TrueAsync(() => _proxy.ConnectionsRefused == 1, Wait, "the proxy to count the refused connection");
        Assert.Equal(0, _proxy.ConnectionsAccepted);
        Assert.Equal(0, _echo.Accepted);
    }

    [Fact]
    public async Task Restore_AfterCut_ForwardsNewConnectionsAgain()
    {
        using (var before = await ConnectAsync())
        {
            // The client's connect completes in the kernel; wait until the proxy has taken it before cutting.
            await Eventually.TrueAsync(() => _proxy.ConnectionsAccepted == 1, Wait, "the proxy to accept the first connection");
            _proxy.Cut();
            Assert.Equal(ReadOutcome.Reset, await ReadOutcomeAsync(before, Wait));
        }

        _proxy.Restore();

        using var after = await ConnectAsync();
        await AssertEchoesAsync(after, "after the restore");
        Assert.Equal(2, _proxy.ConnectionsAccepted);
    }

    [Fact]
    public async Task Stall_LiveConnection_HoldsBytesUntilRestore()
    {
        using var client = await ConnectAsync();
        await AssertEchoesAsync(client, "before the stall");

        _proxy.Stall();
        await SendAllAsync(client, "held"u8.ToArray());

        // The one deliberate wait for nothing: bytes must not get through a stalled proxy. 300 ms is far above
        // the sub-millisecond loopback round trip the echo took a moment ago.
        Assert.Equal(ReadOutcome.TimedOut, await ReadOutcomeAsync(client, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, _proxy.ActiveConnections);

        _proxy.Restore();

        Assert.Equal("held", await ReadTextAsync(client, 4));
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _proxy.Port), timeout.Token);
        return socket;
    }

    /// <summary>
    /// Connects and reads once. The kernel completes the handshake before the proxy resets the connection, but
    /// the reset can arrive before the connect's completion is reported, so either step may see it.
    /// </summary>
    private async Task<ReadOutcome> ConnectAndReadAsync()
    {
        Socket client;
        try
        {
            client = await ConnectAsync();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return ReadOutcome.Reset;
        }

        using (client)
        {
            return await ReadOutcomeAsync(client, Wait);
        }
    }

    private static async Task AssertEchoesAsync(Socket client, string when)
    {
        var text = $"ping {Guid.NewGuid():N}";
        await SendAllAsync(client, System.Text.Encoding.ASCII.GetBytes(text));
        Assert.True(await ReadTextAsync(client, text.Length) == text, $"no echo {when}");
    }

    private static async Task SendAllAsync(Socket socket, byte[] data)
    {
        using var timeout = new CancellationTokenSource(Wait);
        for (var sent = 0; sent < data.Length;)
        {
            sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None, timeout.Token);
        }
    }

    private static async Task<string> ReadTextAsync(Socket socket, int length)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[length];
        for (var read = 0; read < length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new IOException($"the connection ended after {read} of {length} bytes");
            }

            read += n;
        }

        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) is var n and > 0)
        {
            received.Write(buffer, 0, n);
        }

        return received.ToArray();
    }

    /// <summary>What one read sees within <paramref name="timeout"/>.</summary>
    private static async Task<ReadOutcome> ReadOutcomeAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await socket.ReceiveAsync(new byte[1024], SocketFlags.None, cancel.Token) == 0 ? ReadOutcome.Closed : ReadOutcome.Data;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return ReadOutcome.Reset;
        }
        catch (OperationCanceledException)
        {
            return ReadOutcome.TimedOut;
        }
    }

    private enum ReadOutcome
    {
        Data,
        Closed,
        Reset,
        TimedOut,
    }
}
