using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Octopoda.Protocol;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Tests.Certificates;

/// <summary>Asks the agent gateway for a WebSocket upgrade with a given client certificate and reads the refusal.</summary>
internal static class GatewayProbe
{
    public static async Task<(HttpStatusCode Status, string? Detail)> UpgradeAsync(Uri brain, X509Certificate2 clientCertificate)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        // The test only looks at the gateway's answer; the Brain's certificate is checked elsewhere.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(brain, ProtocolInfo.AgentPath)) { Version = HttpVersion.Version11 };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var detail = body.Length == 0 ? null : JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ApiProblem)?.Detail;
        return (response.StatusCode, detail);
    }
}
