using Microsoft.AspNetCore.Authorization;

namespace Octopoda.Brain.Access;

/// <summary>The one authorization rule of the API group: the caller has a scope (<see cref="ScopeAuthorizationHandler"/>).</summary>
internal sealed class ScopeRequirement : IAuthorizationRequirement
{
    public static readonly ScopeRequirement Instance = new();

    private ScopeRequirement()
    {
    }
}
