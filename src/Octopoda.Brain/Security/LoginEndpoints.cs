using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Octopoda.Brain.Api;
using Octopoda.Brain.Audit;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Security;

/// <summary>
/// <c>POST /api/v1/login</c>: an account's path and password buy an expiring token. The one API endpoint without a
/// token, so it is rate-limited per source address; a wrong password and an unknown account get the same answer.
/// </summary>
internal static class LoginEndpoints
{
    public const string RateLimitPolicy = "login";
    private const int MaxPasswordChars = 1024;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/login", LoginAsync).WithName("login").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);

    /// <summary>Per source address, <paramref name="attemptsPerMinute"/> attempts in a sliding minute; the rest get 429.</summary>
    public static void AddLoginRateLimit(this IServiceCollection services, int attemptsPerMinute) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = attemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Too many login attempts from your address; try again in {Math.Ceiling(retry.TotalSeconds):0} s.");
            };
        });

    private static async Task<IResult> LoginAsync(HttpContext context, WorkgroupTree tree, ApiTokenService tokens)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.LoginRequest);
        if (body is null)
        {
            return error!;
        }

        if (!WorkgroupPath.TryParse(body.Path, out var account, out var pathError))
        {
            return Problems.BadRequest($"'path' must be an account's absolute workgroup path such as / or /room1/alice: {pathError}.");
        }

        context.Audit().Actor = account.Value;
        if (body.Password is not { Length: > 0 and <= MaxPasswordChars })
        {
            return Problems.BadRequest($"'password' must be 1 to {MaxPasswordChars} characters.");
        }

        var lifetime = body.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ApiTokenService.DefaultLifetime;
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > ApiTokenService.MaxLifetime)
        {
            return Problems.BadRequest($"'lifetimeSeconds' must be between 60 and {ApiTokenService.MaxLifetime.TotalSeconds:0}.");
        }

        var name = string.IsNullOrWhiteSpace(body.Name) ? "octl login" : body.Name.Trim();
        if (name.Length > ApiTokenService.MaxNameChars || name.Any(char.IsControl))
        {
            return Problems.BadRequest($"'name' must be at most {ApiTokenService.MaxNameChars} characters without control characters.");
        }

        if (!await tree.VerifyAsync(account, body.Password, context.RequestAborted))
        {
            var hint = account.IsRoot && !await tree.IsAccountAsync(account, context.RequestAborted)
                ? " The administrator password is not set yet: run 'brain admin password' on the Brain's host, or start it once with OCTOPODA_ADMIN_PASSWORD."
                : "";
            return Problems.Result(StatusCodes.Status401Unauthorized, "Unauthorized", "Wrong account or password; nothing was issued." + hint);
        }

        var (value, record) = await tokens.IssueAsync(account, name, lifetime, context.RequestAborted);
        context.Audit().Subject = $"token {record.Id} ({name})";
        return TypedResults.Json(new LoginResponse
        {
            Token = value,
            TokenId = record.Id,
            Account = record.Account,
            ExpiresAt = record.ExpiresAt!.Value,
        }, ProtocolJsonContext.Default.LoginResponse);
    }
}
