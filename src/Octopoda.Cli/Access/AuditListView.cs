using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Access;

/// <summary>The table of <c>octl audit</c>.</summary>
internal static class AuditListView
{
    /// <summary>Longest subject or target list shown in a row; <c>-o json</c> has all of it.</summary>
    private const int MaxCell = 60;

    public static void Render(IAnsiConsole console, AuditListResponse audit)
    {
        if (audit.Entries.Count == 0)
        {
            console.MarkupLine("no audit entries match");
            return;
        }

        var table = new Table().Border(TableBorder.None);
        foreach (var header in new[] { "TIME", "ACTOR", "ACTION", "SUBJECT", "TARGETS", "STATUS", "OUTCOME" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var entry in audit.Entries)
        {
            var ok = entry.Status is >= 200 and < 300;
            table.AddRow(new IRenderable[]
            {
                new Text(HumanFormat.Timestamp(entry.At)),
                new Text(entry.Actor),
                new Text(entry.Action),
                new Text(Cut(entry.Subject ?? "")),
                new Text(Cut(entry.Targets ?? "")),
                new Markup(ok ? entry.Status.ToString(CultureInfo.InvariantCulture) : $"[red]{entry.Status.ToString(CultureInfo.InvariantCulture)}[/]"),
                new Text(entry.Outcome),
            });
        }

        console.Write(table);
        var count = audit.Entries.Count == 1 ? "1 entry" : $"{audit.Entries.Count.ToString(CultureInfo.InvariantCulture)} entries";
        console.MarkupLine(audit.Truncated
            ? $"[grey]the newest {count}; more match: raise --limit or narrow with --since or --user[/]"
            : $"[grey]{count}[/]");
    }

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxCell ? line : line[..(MaxCell - 1)] + "…";
    }
}
