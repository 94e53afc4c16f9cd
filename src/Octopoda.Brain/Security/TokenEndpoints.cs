using Octopoda.Brain.Access;
using Octopoda.Brain.Audit;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Security;

/// <summary><c>/api/v1/tokens</c>: list the tokens of the caller's account and those under it; revoke one.</summary>
internal static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tokens", ListAsync);
        api.MapDelete("/tokens/{id}", RevokeAsync).WithName("token.revoke");
    }

    private static async Task<IResult> ListAsync(CallerScope scope, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var list = await tokens.ListAsync(scope.Account, cancellationToken);
        return TypedResults.Json(new TokenListResponse
        {
            Tokens = [.. list.Select(t => new TokenView
            {
                Id = t.Id,
                Name = t.Name,
                Account = t.Account,
                CreatedAt = t.CreatedAt,
                ExpiresAt = t.ExpiresAt,
                RevokedAt = t.RevokedAt,
                Current = t.Id == scope.TokenId,
            })],
        }, ProtocolJsonContext.Default.TokenListResponse);
    }

    private static async Task<IResult> RevokeAsync(string id, CallerScope scope, ApiTokenService tokens, HttpContext context)
    {
        var token = await tokens.RevokeAsync(scope.Account, id, context.RequestAborted);
        context.Audit().Subject = $"token {token.Id} ({token.Name}) of {token.Account}";
        return TypedResults.NoContent();
    }
}
