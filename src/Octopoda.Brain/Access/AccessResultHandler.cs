using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;

namespace Octopoda.Brain.Access;

/// <summary>
/// Answers a request the scope check refused with the reason it gave (403, 400 or 404 as a problem) and records the
/// refusal of a change in the audit log; everything else goes the framework's way (401 challenges, success).
/// </summary>
internal sealed class AccessResultHandler(AuditLog audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Features.Get<RequestRefusedException>() is { } refused)
        {
            await audit.RecordRefusalAsync(context, refused.Status, refused.Message);
            await Problems.WriteAsync(context, refused.Status, Problems.TitleFor(refused.Status), refused.Message);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
