using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Octopoda.Brain.Security;

/// <summary>Authenticates API requests by <c>Authorization: Bearer &lt;token&gt;</c>. Never logs the token.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OctopodaToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var value = header["Bearer ".Length..].Trim();
        if (value.Length is 0 or > 512)
        {
            return AuthenticateResult.Fail("malformed token");
        }

        var token = await tokens.ValidateAsync(value, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown, expired or revoked token");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, token.Name), new Claim(ClaimTypes.Role, token.Role), new Claim("token_id", token.Id)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Api.Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "A valid API token is required: pass it as 'Authorization: Bearer <token>' (octl: --token, OCTOPODA_TOKEN or 'token:' in octl.yaml).");
    }
}
