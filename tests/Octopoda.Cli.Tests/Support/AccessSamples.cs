using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Support;

/// <summary>Access documents (logins, callers, workgroups, tokens, audit entries) for the fake Brain to send.</summary>
internal static class AccessSamples
{
    public static LoginResponse Login(string account = "/room1", string token = "tok-room1", string id = "tk1") => new()
    {
        Token = token,
        TokenId = id,
        Account = account,
        ExpiresAt = Samples.Now.AddHours(12),
    };

    public static WorkgroupView Group(string path, string[]? members = null, string[]? children = null, bool account = false, string[]? allow = null) => new()
    {
        Path = path,
        IsAccount = account,
        Members = members ?? [],
        Children = children ?? [],
        Allow = allow ?? [],
    };

    public static CallerView Caller(string account = "/room1", string path = "/room1", params string[] nodes) => new()
    {
        Account = account,
        Path = path,
        TokenId = "tk1",
        TokenName = "octl@lab",
        Nodes = nodes,
    };

    public static string Json(LoginResponse login) => Samples.Json(login, ProtocolJsonContext.Default.LoginResponse);

    public static string Json(WorkgroupView group) => Samples.Json(group, ProtocolJsonContext.Default.WorkgroupView);

    public static string Json(CallerView caller) => Samples.Json(caller, ProtocolJsonContext.Default.CallerView);

    public static string Json(TokenListResponse tokens) => Samples.Json(tokens, ProtocolJsonContext.Default.TokenListResponse);

    public static string Json(AuditListResponse audit) => Samples.Json(audit, ProtocolJsonContext.Default.AuditListResponse);

    /// <summary>An RFC 7807 answer with <paramref name="status"/> and <paramref name="detail"/>.</summary>
    public static string Problem(int status, string detail) =>
        Samples.Json(new ApiProblem { Title = "Refused", Status = status, Detail = detail });
}
