using System.CommandLine;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.NodeApps;

/// <summary>The node and <c>app@scenario</c> arguments of the <c>napp</c> commands, checked before anything is sent.</summary>
internal static class NodeAppNames
{
    public const string All = "ALL";

    public static Argument<string> Node() => new("node") { Description = "The node's name" };

    /// <summary>An <c>app@scenario</c> argument; with <paramref name="optional"/>, it may be left out or be <c>ALL</c>.</summary>
    public static Argument<string?> NodeApp(bool optional)
    {
        var argument = new Argument<string?>("app@scen")
        {
            Description = optional ? "A NodeApp, as application@scenario; none or ALL: every NodeApp of the node" : "The NodeApp, as application@scenario",
            Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
        argument.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if ((!optional || (text is not null && text != All)) && !ScenarioNames.TryParseNodeApp(text, out _, out _))
            {
                result.AddError($"'{text}' is not a NodeApp: write application@scenario, e.g. web@shop ({ScenarioNames.Rule})");
            }
        });
        return argument;
    }

    /// <summary>The application and scenario of a checked <c>app@scenario</c>.</summary>
    public static (string App, string Scenario) Split(string text)
    {
        ScenarioNames.TryParseNodeApp(text, out var app, out var scenario);
        return (app, scenario);
    }
}
