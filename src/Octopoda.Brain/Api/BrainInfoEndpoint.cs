using Octopoda.Brain.Gateway;
using Octopoda.Protocol;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Api;

/// <summary><c>GET /api/v1/info</c>: who this Brain is. Unauthenticated, so it doubles as a health check.</summary>
internal static class BrainInfoEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(ApiRoutes.Info, (BrainIdentity brain, HttpContext context) =>
            TypedResults.Json(Describe(brain, context), ProtocolJsonContext.Default.BrainInfo)).AllowAnonymous();

    public static BrainInfo Describe(BrainIdentity brain, HttpContext context) => new()
    {
        Name = brain.Name,
        Version = brain.Version,
        Address = $"{context.Request.Scheme}://{context.Request.Host}",
        StartedAt = brain.StartedAt,
        ProtocolVersion = ProtocolInfo.Version,
    };
}
