using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Cli.Scenarios;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.NodeApps;

/// <summary><c>octl napp version &lt;node&gt; &lt;app@scen&gt; [--offset N] [-l N]</c>: a page of one NodeApp's versions, newest first.</summary>
internal sealed class NappVersionCommand : Command
{
    private readonly Argument<string> _node = NodeAppNames.Node();
    private readonly Argument<string?> _nodeApp = NodeAppNames.NodeApp(optional: false);
    private readonly PageOptions _page = new();

    public NappVersionCommand(OctlContext context)
        : base("version", "List a NodeApp's versions, newest first: hash, time and message")
    {
        Arguments.Add(_node);
        Arguments.Add(_nodeApp);
        _page.AddTo(this);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var (app, scenario) = NodeAppNames.Split(parse.GetValue(_nodeApp)!);
        var offset = parse.GetValue(_page.Offset);
        var versions = await session.Client.ListNodeAppVersionsAsync(
            parse.GetRequiredValue(_node).Trim(), app, scenario, offset, parse.GetValue(_page.Limit), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, versions, ProtocolJsonContext.Default.NodeAppVersionListResponse);
                break;
            case OutputFormat.Lines:
                versions.Versions.ToList().ForEach(v => session.OutWriter.WriteLine(v.Hash));
                break;
            default:
                if (versions.Versions.Count > 0)
                {
                    ScenarioTables.RenderNodeAppVersions(session.OutConsole, versions.Versions);
                }

                session.OutConsole.MarkupLine(Markup.Escape(PageOptions.Describe(offset, versions.Versions.Count, versions.Total)));
                break;
        }

        return ExitCodes.Success;
    }
}
