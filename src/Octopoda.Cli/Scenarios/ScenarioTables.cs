using Octopoda.Cli.Output;
using Octopoda.Protocol.Scenarios;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// The tables of <c>octl scen get</c> and <c>scen version</c> (and the version lists of <c>napp</c>): hashes cut to
/// 12 digits, times as UTC instants (the original wrote local clock text and read it back as UTC).
/// </summary>
internal static class ScenarioTables
{
    public static void RenderList(IAnsiConsole console, ScenarioListResponse response)
    {
        if (response.Scenarios.Count == 0)
        {
            console.MarkupLine("no scenarios: apply one with 'octl scen apply <dir>'");
            return;
        }

        var table = NewTable("NAME", "DESCRIPTION", "VERSION", "TIME", "MESSAGE", "VERSIONS");
        foreach (var scenario in response.Scenarios)
        {
            table.AddRow(Cells(
                scenario.Name,
                scenario.Description,
                VersionHashes.Short(scenario.Version?.Hash),
                scenario.Version is { } v ? HumanFormat.Timestamp(v.Time) : "",
                scenario.Version?.Message ?? "",
                scenario.VersionCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(HumanFormat.Count(response.Scenarios.Count, "scenario")));
    }

    public static void RenderOne(IAnsiConsole console, ScenarioView scenario)
    {
        console.MarkupLine($"[bold]scenario {Markup.Escape(scenario.Name)}[/]: {Markup.Escape(scenario.Description)}");
        console.MarkupLine(Markup.Escape(scenario.Version is { } version
            ? $"version {VersionHashes.Short(version.Hash)} · {HumanFormat.Timestamp(version.Time)} · {version.Message} · {HumanFormat.Count(scenario.VersionCount, "version")}"
            : "no version yet: 'octl scen apply <dir> prepare' records one"));
        var apps = scenario.Applications ?? [];
        if (apps.Count == 0)
        {
            return;
        }

        var table = NewTable("APP", "NODE", "VERSION", "DESCRIPTION");
        foreach (var app in apps)
        {
            if (app.NodeApps.Count == 0)
            {
                table.AddRow(Cells(app.Name, "", "", app.Description));
            }

            foreach (var nodeApp in app.NodeApps)
            {
                table.AddRow(Cells(app.Name, nodeApp.Node, VersionHashes.Short(nodeApp.Hash), app.Description));
            }
        }

        console.Write(table);
    }

    public static void RenderVersions(IAnsiConsole console, ScenarioVersionListResponse response, int offset)
    {
        if (response.Versions.Count > 0)
        {
            var table = NewTable("VERSION", "TIME", "MESSAGE", "NODEAPPS");
            foreach (var version in response.Versions)
            {
                var nodeApps = string.Join('\n', version.NodeApps.Select(n => $"{n.App}@{n.Node} {VersionHashes.Short(n.Hash)}"));
                table.AddRow(Cells(VersionHashes.Short(version.Hash), HumanFormat.Timestamp(version.Time), version.Message, nodeApps));
            }

            console.Write(table);
        }

        console.MarkupLine(Markup.Escape(PageOptions.Describe(offset, response.Versions.Count, response.Total)));
    }

    public static void RenderNodeAppVersions(IAnsiConsole console, IReadOnlyList<NodeAppVersion> versions)
    {
        var table = NewTable("VERSION", "TIME", "MESSAGE");
        foreach (var version in versions)
        {
            table.AddRow(Cells(VersionHashes.Short(version.Hash), HumanFormat.Timestamp(version.Time), version.Message));
        }

        console.Write(table);
    }

    /// <summary>A borderless table with bold headers, as <c>node get</c>'s.</summary>
    public static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        return table;
    }

    /// <summary>Plain text cells: nothing in them is read as markup.</summary>
    public static IRenderable[] Cells(params string[] texts) => texts.Select(t => (IRenderable)new Text(t)).ToArray();
}
