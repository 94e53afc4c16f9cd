using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// Who may see and change a scenario: a caller whose scope covers every node the scenario has (an administrator
/// always). Scenario names are global, as in the original; a scenario is only ever someone's whose nodes it is.
/// </summary>
internal static class ScenarioAccess
{
    /// <summary>403 naming the nodes outside the caller's scope, or null.</summary>
    public static IResult? Check(CallerScope scope, IEnumerable<string> nodes, string what)
    {
        var outside = nodes.Where(n => !scope.Covers(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return outside.Count == 0
            ? null
            : Problems.Forbidden($"You cannot {what}: {string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not in your workgroup {scope.Account}. Nothing was done.");
    }

    /// <summary>400 when a name breaks the rule, or null.</summary>
    public static IResult? CheckName(string? name, string what) =>
        ScenarioNames.IsValid(name) ? null : Problems.BadRequest($"'{name}' is not a valid {what} name: {ScenarioNames.Rule}. Nothing was done.");

    /// <summary>400 when a message is missing (where required) or too long, or null.</summary>
    public static IResult? CheckMessage(string? message, bool required) =>
        (required && string.IsNullOrWhiteSpace(message)) || message?.Length > 1000
            ? Problems.BadRequest("'message' must say why, in at most 1,000 characters (-m). Nothing was done.")
            : null;

    /// <summary>A <see cref="MessageRequest"/> body with its message present and bounded, or the 400 to answer.</summary>
    public static async Task<(MessageRequest? Body, IResult? Problem)> ReadMessageAsync(HttpRequest request)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.MessageRequest);
        return body is null ? (null, error) : CheckMessage(body.Message, required: true) is { } bad ? (null, bad) : (body, null);
    }

    /// <summary>Why a reset's version prefix named no single version: 409 when ambiguous, 404 when unknown, 400 when malformed.</summary>
    public static IResult VersionProblem(string refused, bool ambiguous, string? prefix) =>
        ambiguous ? Problems.Conflict(refused + ". Nothing was reset.")
        : prefix?.Length >= MessageRequest.MinPrefix ? Problems.NotFound(refused + ". Nothing was reset.")
        : Problems.BadRequest(refused + ". Nothing was reset.");
}
