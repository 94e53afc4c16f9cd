using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Access;

/// <summary><c>GET /api/v1/whoami</c>: the caller's scope as the Brain sees it.</summary>
internal static class WhoAmIEndpoint
{
    public static void Map(RouteGroupBuilder api) => api.MapGet("/whoami", (CallerScope scope) => TypedResults.Json(new CallerView
    {
        Account = scope.Account.Value,
        Path = scope.Current.Value,
        TokenId = scope.TokenId,
        TokenName = scope.TokenName,
        Nodes = scope.CurrentNodes,
    }, ProtocolJsonContext.Default.CallerView));
}
