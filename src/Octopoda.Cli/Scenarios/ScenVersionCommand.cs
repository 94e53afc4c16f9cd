using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Scenarios;

/// <summary><c>octl scen version &lt;scen&gt; [--offset N] [-l N]</c>: a page of the scenario's versions, newest first, each with its NodeApps.</summary>
internal sealed class ScenVersionCommand : Command
{
    private readonly Argument<string> _scenario = new("scen") { Description = "The scenario's name" };
    private readonly PageOptions _page = new();

    public ScenVersionCommand(OctlContext context)
        : base("version", "List a scenario's versions, newest first: hash, time, message and each NodeApp's version")
    {
        Arguments.Add(_scenario);
        _page.AddTo(this);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var offset = parse.GetValue(_page.Offset);
        var versions = await session.Client.ListScenarioVersionsAsync(
            parse.GetRequiredValue(_scenario).Trim(), offset, parse.GetValue(_page.Limit), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, versions, ProtocolJsonContext.Default.ScenarioVersionListResponse);
                break;
            case OutputFormat.Lines:
                versions.Versions.ToList().ForEach(v => session.OutWriter.WriteLine(v.Hash));
                break;
            default:
                ScenarioTables.RenderVersions(session.OutConsole, versions, offset);
                break;
        }

        return ExitCodes.Success;
    }
}
