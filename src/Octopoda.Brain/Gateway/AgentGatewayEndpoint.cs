using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
using Octopoda.Brain.Certificates;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Store;
using Octopoda.Brain.Tasks;
using Octopoda.Protocol;
using Octopoda.Protocol.Transport;

namespace Octopoda.Brain.Gateway;

/// <summary>
/// <c>GET /agent/v1/connect</c>: where Tentacles dial in. Requires a client certificate issued by this Brain's CA
/// for an enrolled node, and the node's current certificate (a re-enrolled node's old key is refused) that was not
/// revoked (<c>octl node revoke</c>).
/// </summary>
internal static partial class AgentGatewayEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.Map(ProtocolInfo.AgentPath, ConnectAsync).AllowAnonymous();

    private static async Task ConnectAsync(
        HttpContext context,
        CertificateAuthority ca,
        NodeRegistry nodes,
        IDbContextFactory<BrainDbContext> dbFactory,
        TaskUpdateWriter writer,
        LiveOutput output,
        Files.FileSpool spool,
        Files.PullReceiver pulls,
        BrainIdentity brain,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Octopoda.Brain.Gateway");
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", "This endpoint takes a WebSocket upgrade from a Tentacle.");
            return;
        }

        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null || !ca.Validates(certificate, clientAuth: true))
        {
            LogRefused(logger, remote, "no client certificate from this Brain's CA");
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                "A Tentacle must present the client certificate it received at enrolment.");
            return;
        }

        var nodeName = certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false);
        var thumbprint = CertificateAuthority.ComputeFingerprint(certificate);
        await using (var db = await dbFactory.CreateDbContextAsync(context.RequestAborted))
        {
            var record = await db.Nodes.AsNoTracking().FirstOrDefaultAsync(n => n.Name == nodeName, context.RequestAborted);
            var revoked = await db.RevokedCertificates.AsNoTracking().FirstOrDefaultAsync(r => r.Thumbprint == thumbprint, context.RequestAborted);
            var reason = (record, revoked) switch
            {
                (_, not null) => NodeRevocation.RefusalReason(revoked),
                (null, _) => "the node is not enrolled (or was pruned): enrol it again with a join token",
                _ when record.CertificateThumbprint != thumbprint => "the certificate was replaced by a newer enrolment",
                _ => null,
            };
            if (reason is not null)
            {
                LogRefused(logger, remote, $"{nodeName}: {reason}");
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", reason);
                return;
            }
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        var session = new AgentSession(new FrameConnection(socket), nodeName, thumbprint, remote, nodes, dbFactory, writer, output, spool, pulls, brain, time, logger);
        // A stopping Brain says goodbye to each Tentacle (which then reconnects to it or another Brain).
        await using var onStopping = lifetime.ApplicationStopping.Register(() => session.Close("brain stopping"));
        await session.RunAsync(context.RequestAborted);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Refused an agent connection from {Address}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string address, string reason);
}
