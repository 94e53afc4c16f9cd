using System.CommandLine;
using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Cli.Scenarios;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Spectre.Console;

namespace Octopoda.Cli.NodeApps;

/// <summary>
/// <c>octl napp get &lt;node&gt; [ALL|app@scen]</c>: the node's NodeApps with their newest versions; or one NodeApp
/// with its last <see cref="RecentVersions"/> versions, newest first.
/// </summary>
internal sealed class NappGetCommand : Command
{
    /// <summary>Versions shown with one NodeApp, as the original showed.</summary>
    public const int RecentVersions = 3;

    private readonly Argument<string> _node = NodeAppNames.Node();
    private readonly Argument<string?> _nodeApp = NodeAppNames.NodeApp(optional: true);

    public NappGetCommand(OctlContext context)
        : base("get", "Show a node's NodeApps, or one NodeApp with its last 3 versions")
    {
        Arguments.Add(_node);
        Arguments.Add(_nodeApp);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var node = parse.GetRequiredValue(_node).Trim();
        var list = await session.Client.ListNodeAppsAsync(node, cancellationToken);
        if (parse.GetValue(_nodeApp) is not { } text || text == NodeAppNames.All)
        {
            WriteList(session, node, list);
            return ExitCodes.Success;
        }

        var (app, scenario) = NodeAppNames.Split(text);
        if (list.NodeApps.FirstOrDefault(n => n.App == app && n.Scenario == scenario) is not { } nodeApp)
        {
            FailureReporter.Write(session.ErrorConsole, $"node {node} has no NodeApp {text}; 'octl napp get {node}' lists those it has");
            return ExitCodes.ApiError;
        }

        var versions = await session.Client.ListNodeAppVersionsAsync(node, app, scenario, 0, RecentVersions, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, new NodeAppDetail { NodeApp = nodeApp, Versions = versions }, ScenariosJsonContext.Default.NodeAppDetail);
                break;
            case OutputFormat.Lines:
                versions.Versions.ToList().ForEach(v => session.OutWriter.WriteLine(v.Hash));
                break;
            default:
                var console = session.OutConsole;
                console.MarkupLine($"[bold]{Markup.Escape(ScenarioNames.NodeApp(app, scenario))}[/] on {Markup.Escape(node)}: {Markup.Escape(nodeApp.Description ?? "")}");
                console.MarkupLine(Markup.Escape(HumanFormat.Count(nodeApp.VersionCount, "version") + (versions.Versions.Count > 0 ? $"; the newest {versions.Versions.Count}:" : "")));
                if (versions.Versions.Count > 0)
                {
                    ScenarioTables.RenderNodeAppVersions(console, versions.Versions);
                }

                break;
        }

        return ExitCodes.Success;
    }

    private static void WriteList(OctlSession session, string node, NodeAppListResponse list)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, list, ProtocolJsonContext.Default.NodeAppListResponse);
                return;
            case OutputFormat.Lines:
                list.NodeApps.ToList().ForEach(n => session.OutWriter.WriteLine(ScenarioNames.NodeApp(n.App, n.Scenario)));
                return;
        }

        if (list.NodeApps.Count == 0)
        {
            session.OutConsole.MarkupLine(Markup.Escape($"node {node} has no NodeApps"));
            return;
        }

        var table = ScenarioTables.NewTable("NODEAPP", "DESCRIPTION", "VERSION", "TIME", "MESSAGE", "VERSIONS");
        foreach (var nodeApp in list.NodeApps)
        {
            table.AddRow(ScenarioTables.Cells(
                ScenarioNames.NodeApp(nodeApp.App, nodeApp.Scenario),
                nodeApp.Description ?? "",
                VersionHashes.Short(nodeApp.Version?.Hash),
                nodeApp.Version is { } v ? HumanFormat.Timestamp(v.Time) : "",
                nodeApp.Version?.Message ?? "",
                nodeApp.VersionCount.ToString(CultureInfo.InvariantCulture)));
        }

        session.OutConsole.Write(table);
    }
}
