using Octopoda.Protocol.Enrollment;

namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// Scenario and application names follow the node-name rule (<see cref="NodeNames"/>): they name directories
/// (<c>&lt;app&gt;@&lt;scenario&gt;</c>) and URL segments.
/// </summary>
public static class ScenarioNames
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = NodeNames.Rule;

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => NodeNames.IsValid(name);

    /// <summary>A NodeApp's name: <c>app@scenario</c>.</summary>
    public static string NodeApp(string app, string scenario) => app + "@" + scenario;

    /// <summary>Splits <c>app@scenario</c>; false when either half breaks the rule.</summary>
    public static bool TryParseNodeApp(string? text, out string app, out string scenario)
    {
        app = scenario = "";
        var at = text?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (at <= 0 || !IsValid(text![..at]) || !IsValid(text[(at + 1)..]))
        {
            return false;
        }

        (app, scenario) = (text[..at], text[(at + 1)..]);
        return true;
    }
}
