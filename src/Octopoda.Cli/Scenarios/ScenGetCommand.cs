using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// <c>octl scen get [ALL|name]</c>: every scenario with its newest version; or one, with its newest version and each
/// application's NodeApps (node and version). <c>-o json</c> prints the Brain's answer as it is.
/// </summary>
internal sealed class ScenGetCommand : Command
{
    private readonly Argument<string?> _name = new("name")
    {
        Description = "A scenario's name; none or ALL: every scenario",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public ScenGetCommand(OctlContext context)
        : base("get", "Show the scenarios, or one scenario with its applications' NodeApps and versions")
    {
        Arguments.Add(_name);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(_name)?.Trim();
        if (string.IsNullOrEmpty(name) || name == "ALL")
        {
            var list = await session.Client.ListScenariosAsync(cancellationToken);
            switch (session.Format)
            {
                case OutputFormat.Json:
                    JsonOutput.Write(session.OutWriter, list, ProtocolJsonContext.Default.ScenarioListResponse);
                    break;
                case OutputFormat.Lines:
                    list.Scenarios.ToList().ForEach(s => session.OutWriter.WriteLine(s.Name));
                    break;
                default:
                    ScenarioTables.RenderList(session.OutConsole, list);
                    break;
            }

            return ExitCodes.Success;
        }

        var scenario = await session.Client.GetScenarioAsync(name, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, scenario, ProtocolJsonContext.Default.ScenarioView);
                break;
            case OutputFormat.Lines:
                foreach (var nodeApp in (scenario.Applications ?? []).SelectMany(a => a.NodeApps))
                {
                    session.OutWriter.WriteLine($"{nodeApp.App}\t{nodeApp.Node}\t{nodeApp.Hash ?? "-"}");
                }

                break;
            default:
                ScenarioTables.RenderOne(session.OutConsole, scenario);
                break;
        }

        return ExitCodes.Success;
    }
}
