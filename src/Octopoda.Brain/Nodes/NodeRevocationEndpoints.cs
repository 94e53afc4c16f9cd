using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Nodes;

/// <summary><c>POST /api/v1/nodes/revoke</c>: refuse a node's certificate from now on (admin only).</summary>
internal static class NodeRevocationEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost(ApiRoutes.NodesRevoke[ApiRoutes.Prefix.Length..], RevokeAsync).WithName("node.revoke");

    private static async Task<IResult> RevokeAsync(
        HttpRequest request,
        CallerScope scope,
        IDbContextFactory<BrainDbContext> dbFactory,
        NodeRegistry nodes,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        scope.RequireAdmin("revoke a node's certificate");
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.RevokeNodeRequest);
        if (body is null)
        {
            return error!;
        }

        if (!NodeNames.IsValid(body.Node))
        {
            return Problems.BadRequest($"'{body.Node}' is not a valid node name: {NodeNames.Rule}.");
        }

        if (body.Reason is { Length: > NodeRevocation.MaxReasonLength })
        {
            return Problems.BadRequest($"The reason is {body.Reason.Length} characters long; at most {NodeRevocation.MaxReasonLength} are kept.");
        }

        request.HttpContext.Audit().Targets = [body.Node];
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        var result = await NodeRevocation.RevokeAsync(
            body.Node, reason, scope.Actor, dbFactory, nodes, time, loggers.CreateLogger("Octopoda.Brain.Nodes"), request.HttpContext.RequestAborted);
        return result is null
            ? Problems.NotFound($"Node {body.Node} is not known to this Brain: it never enrolled, or it was pruned (its certificate is then refused already).")
            : TypedResults.Json(result, ProtocolJsonContext.Default.RevokeNodeResponse);
    }
}
