using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Octopoda.Brain.Security;

/// <summary>Authenticates API requests by <c>Authorization: Bearer &lt;token&gt;</c>. Never logs or echoes the token.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OctopodaToken";

    /// <summary>The claim holding the token's account (a workgroup path).</summary>
    public const string AccountClaim = "octopoda:account";

    /// <summary>The claim holding the token's id.</summary>
    public const string TokenIdClaim = "octopoda:token";

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
            return AuthenticateResult.Fail("The Authorization header holds no token, or one too long to be ours.");
        }

        var (token, refusal) = await tokens.ValidateAsync(value, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail(refusal!);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, token.Name), new Claim(AccountClaim, token.Account), new Claim(TokenIdClaim, token.Id)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        await Api.Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "A valid API token is required: 'octl login <account>', or pass one as 'Authorization: Bearer <token>' (octl: --token, OCTOPODA_TOKEN or 'token:' in octl.yaml).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Api.Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your account may not do this.");
}
