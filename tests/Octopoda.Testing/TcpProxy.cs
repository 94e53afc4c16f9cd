using System.Net;
using System.Net.Sockets;

namespace Octopoda.Testing;

/// <summary>
/// A TCP forwarder on 127.0.0.1 for breaking a link on cue: every connection accepted on <see cref="Port"/> is
/// joined to a new connection to the target, and bytes are copied both ways unchanged (TLS stays end to end; the
/// proxy sees only bytes). <see cref="Cut"/> resets every live connection on both sides and refuses new ones;
/// <see cref="Stall"/> keeps connections open but stops moving bytes (a black hole, as on a dead route);
/// <see cref="Restore"/> undoes both.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    // One read's worth per direction: while stalled, at most this much sits in the proxy; the rest backs up in
    // the kernel's socket buffers and then in the sender, as it would behind a dead route.
    private const int BufferBytes = 64 * 1024;
    private const int ToTarget = 0;
    private const int FromTarget = 1;

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Link> _links = [];
    private readonly long[] _bytes = new long[2];
    private readonly Task _acceptLoop;
    private TaskCompletionSource _flowing = Open();
    private volatile bool _cut;
    private long _accepted;
    private long _refused;

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(128);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port the proxy listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Bytes copied from accepted connections to the target.</summary>
    public long BytesToTarget => Interlocked.Read(ref _bytes[ToTarget]);

    /// <summary>Bytes copied from the target back to accepted connections.</summary>
    public long BytesFromTarget => Interlocked.Read(ref _bytes[FromTarget]);

    /// <summary>Connections accepted and joined to the target.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections reset at once because the proxy was cut (or the target could not be reached).</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>Connections currently joined.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_lock)
            {
                return _links.Count;
            }
        }
    }

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpProxy Start(string targetHost, int targetPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        return new TcpProxy(targetHost, targetPort);
    }

    /// <summary>Starts forwarding to the host and port of <paramref name="target"/> (e.g. a Brain's address).</summary>
    public static TcpProxy Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Start(target.Host, target.Port);
    }

    /// <summary><paramref name="address"/> with its host and port replaced by the proxy's.</summary>
    public Uri AddressFor(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new UriBuilder(address) { Host = "127.0.0.1", Port = Port }.Uri;
    }

    /// <summary>Resets every live connection on both sides and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        List<Link> links;
        lock (_lock)
        {
            _cut = true;
            links = [.. _links];
        }

        foreach (var link in links)
        {
            link.Reset();
        }
    }

    /// <summary>Keeps connections (and new ones) open but stops copying bytes until <see cref="Restore"/>.</summary>
    public void Stall()
    {
        lock (_lock)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Accepts and forwards again after <see cref="Cut"/> or <see cref="Stall"/>.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            _cut = false;
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        List<Link> links;
        lock (_lock)
        {
            links = [.. _links];
            _flowing.TrySetResult();
        }

        foreach (var link in links)
        {
            link.Reset();
        }

        await _acceptLoop;
        await Task.WhenAll(links.Select(l => l.Completion));
        _stopping.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    /// <summary>Closes <paramref name="socket"/> with a TCP reset rather than a FIN: linger on, timeout zero.</summary>
    private static void ResetSocket(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (_cut)
            {
                Interlocked.Increment(ref _refused);
                ResetSocket(client);
                continue;
            }

            _ = JoinAsync(client);
        }
    }

    private async Task JoinAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await upstream.ConnectAsync(_targetHost, _targetPort, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _refused);
            ResetSocket(upstream);
            ResetSocket(client);
            return;
        }

        var link = new Link(client, upstream);
        lock (_lock)
        {
            // Cut (or disposed) while the upstream connection was being made: this one never joins.
            if (_cut || _stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref _refused);
                link.Reset();
                return;
            }

            _links.Add(link);
        }

        Interlocked.Increment(ref _accepted);
        link.Completion = RunAsync(link);
    }

    private async Task RunAsync(Link link)
    {
        try
        {
            await Task.WhenAll(
                PumpAsync(link, link.Client, link.Upstream, ToTarget),
                PumpAsync(link, link.Upstream, link.Client, FromTarget));
        }
        finally
        {
            lock (_lock)
            {
                _links.Remove(link);
            }

            link.Close();
        }
    }

    /// <summary>
    /// Copies <paramref name="from"/> to <paramref name="to"/> until <paramref name="from"/> ends: a FIN is passed on
    /// as a FIN (half close); a reset or an error resets the whole link.
    /// </summary>
    private async Task PumpAsync(Link link, Socket from, Socket to, int direction)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, link.Aborted);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                Task flowing;
                lock (_lock)
                {
                    flowing = _flowing.Task;
                }

                await flowing.WaitAsync(link.Aborted);
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, link.Aborted);
                }

                Interlocked.Add(ref _bytes[direction], read);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            link.Reset();
        }
    }

    /// <summary>One accepted connection and its connection to the target.</summary>
    private sealed class Link(Socket client, Socket upstream)
    {
        private readonly CancellationTokenSource _aborted = new();
        private int _closed;

        public Socket Client => client;

        public Socket Upstream => upstream;

        public CancellationToken Aborted => _aborted.Token;

        public Task Completion { get; set; } = Task.CompletedTask;

        /// <summary>Resets both sides (RST, not FIN) and wakes both pumps.</summary>
        public void Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            ResetSocket(client);
            ResetSocket(upstream);
            _aborted.Cancel();
        }

        /// <summary>Both directions ended with a FIN: close normally.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            client.Dispose();
            upstream.Dispose();
            _aborted.Cancel();
        }
    }
}
