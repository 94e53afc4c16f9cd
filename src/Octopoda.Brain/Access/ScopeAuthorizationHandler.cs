using Microsoft.AspNetCore.Authorization;
using Octopoda.Brain.Api;
using Octopoda.Brain.Security;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Access;

/// <summary>
/// The single authorization path of the API: for every authenticated request it builds the caller's
/// <see cref="CallerScope"/> from the token's account and the <c>X-Octopoda-Path</c> header and attaches it to the
/// request, where endpoints bind it. A request whose scope cannot be built is refused here with the reason
/// (<see cref="AccessResultHandler"/> writes it), before any endpoint code runs.
/// </summary>
internal sealed class ScopeAuthorizationHandler(ScopeFactory factory) : AuthorizationHandler<ScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.Resource is not HttpContext http
            || context.User.Identity?.IsAuthenticated != true
            || context.User.FindFirst(BearerTokenHandler.AccountClaim)?.Value is not { } accountText
            || !WorkgroupPath.TryParse(accountText, out var account, out _))
        {
            return;
        }

        try
        {
            var scope = await factory.CreateAsync(
                account,
                http.Request.Headers[ApiRoutes.PathHeader].ToString(),
                context.User.FindFirst(BearerTokenHandler.TokenIdClaim)?.Value ?? "",
                context.User.Identity.Name ?? "",
                http.RequestAborted);
            http.Features.Set(scope);
            context.Succeed(requirement);
        }
        catch (RequestRefusedException refused)
        {
            http.Features.Set(refused);
            context.Fail(new AuthorizationFailureReason(this, refused.Message));
        }
    }
}
