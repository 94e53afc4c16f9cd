using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Tasks;

/// <summary>The table of <c>octl task list</c>.</summary>
internal static class TaskListView
{
    /// <summary>Longest description shown in a row; <c>octl task get</c> shows the whole of it.</summary>
    private const int MaxDescription = 60;

    public static void Render(IAnsiConsole console, TaskListResponse list, DateTimeOffset now)
    {
        if (list.Tasks.Count == 0)
        {
            console.MarkupLine("no task matches");
            return;
        }

        var table = new Table().Border(TableBorder.None);
        foreach (var header in new[] { "ID", "NODE", "KIND", "STATE", "EXIT", "AGE", "DESCRIPTION" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var task in list.Tasks)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(TaskIds.Short(task.Id)),
                new Text(task.Node),
                new Text(task.Kind),
                new Markup(TaskStates.Markup(task.State)),
                new Text(task.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new Text(HumanFormat.Duration(now - task.CreatedAt)),
                new Text(Cut(task.Description ?? "")),
            });
        }

        console.Write(table);
        console.MarkupLine(list.More
            ? $"[grey]the newest {HumanFormat.Count(list.Tasks.Count, "task")}; more match: raise --limit or narrow with --node, --state or --batch[/]"
            : $"[grey]{HumanFormat.Count(list.Tasks.Count, "task")}[/]");
    }

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxDescription ? line : line[..(MaxDescription - 1)] + "…";
    }
}
