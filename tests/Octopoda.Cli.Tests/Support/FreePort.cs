using System.Net;
using System.Net.Sockets;

namespace Octopoda.Cli.Tests.Support;

/// <summary>Loopback ports nobody listens on.</summary>
internal static class FreePort
{
    /// <summary>A port the OS just handed out and took back; nothing listens on it (barring a race with another process).</summary>
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
