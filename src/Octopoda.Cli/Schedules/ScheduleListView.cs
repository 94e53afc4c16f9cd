using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Schedules;

/// <summary>The table of <c>octl schedule list</c>.</summary>
internal static class ScheduleListView
{
    public static void Render(IAnsiConsole console, IReadOnlyList<ScheduleView> schedules, DateTimeOffset now)
    {
        if (schedules.Count == 0)
        {
            console.MarkupLine("no schedules; 'octl cmd run --every 5m --for 2h …' makes one");
            return;
        }

        var table = new Table().Border(TableBorder.None);
        foreach (var header in new[] { "ID", "STATE", "EVERY", "RUNS", "NEXT RUN", "ENDS", "LAST BATCH", "TARGETS", "DESCRIPTION" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var schedule in schedules)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(schedule.Id),
                new Markup(schedule.Ended ? "[grey]ended[/]" : "[green]active[/]"),
                new Text(Durations.Format(schedule.EverySeconds)),
                new Text(schedule.Runs.ToString(CultureInfo.InvariantCulture)),
                new Text(schedule.NextRunAt is { } next && !schedule.Ended ? $"in {HumanFormat.Duration(next - now)}" : "-"),
                new Text(schedule.Until > now && !schedule.Ended ? $"in {HumanFormat.Duration(schedule.Until - now)}" : $"{HumanFormat.Duration(now - schedule.Until)} ago"),
                new Text(schedule.LastBatchId ?? "-"),
                new Text(string.Join(",", schedule.Targets)),
                new Text(schedule.Description),
            });
        }

        console.Write(table);
        var active = schedules.Count(s => !s.Ended);
        console.MarkupLine($"[grey]{HumanFormat.Count(schedules.Count, "schedule")}: {active} active, {schedules.Count - active} ended[/]");
    }
}
