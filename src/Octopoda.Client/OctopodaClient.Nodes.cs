using System.Net.Http.Json;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Client;

/// <summary>Node administration.</summary>
public sealed partial class OctopodaClient
{
    /// <summary>
    /// Revokes a node's current certificate: the Brain closes its connection and refuses that certificate from then
    /// on; the node comes back only by enrolling again with a new join token. Needs an admin token.
    /// </summary>
    /// <param name="node">The node's exact name.</param>
    /// <param name="reason">Why (optional, at most 256 characters); kept and quoted to the refused node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<RevokeNodeResponse> RevokeNodeAsync(string node, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var body = JsonContent.Create(new RevokeNodeRequest { Node = node, Reason = reason }, ProtocolJsonContext.Default.RevokeNodeRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.NodesRevoke, body, ProtocolJsonContext.Default.RevokeNodeResponse, cancellationToken);
    }
}
