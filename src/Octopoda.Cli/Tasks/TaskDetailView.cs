using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;

namespace Octopoda.Cli.Tasks;

/// <summary>
/// <c>octl task get</c> for people: the task's fields, its timeline (each step relative to when it was stored),
/// then its stdout and stderr written raw, so they are never re-wrapped or read as markup.
/// </summary>
internal static class TaskDetailView
{
    public static void Render(IAnsiConsole console, TextWriter writer, TaskView task, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        void Row(string label, string? markup)
        {
            if (!string.IsNullOrEmpty(markup))
            {
                grid.AddRow(new Markup($"[bold]{label}[/]"), new Markup(markup));
            }
        }

        Row("ID", Markup.Escape(task.Id));
        Row("BATCH", Markup.Escape(task.BatchId));
        Row("NODE", Markup.Escape(task.Node));
        Row("KIND", Markup.Escape(task.Kind));
        Row("DESCRIPTION", Markup.Escape(task.Description ?? ""));
        Row("STATE", TaskStates.Markup(task.State));
        Row("EXIT", task.ExitCode?.ToString(CultureInfo.InvariantCulture));
        Row("ERROR", task.Error is { Length: > 0 } error ? $"[{TaskStates.Colour(task.State)}]{Markup.Escape(error)}[/]" : null);
        Row("SUBMITTED BY", Markup.Escape(task.SubmittedBy ?? ""));
        Row("SCHEDULE", Markup.Escape(task.ScheduleId ?? ""));
        Row("CREATED", $"{Time(task.CreatedAt)} ({HumanFormat.Duration(now - task.CreatedAt)} ago)");
        Row("DISPATCHED", Step(task, task.DispatchedAt));
        Row("ACCEPTED", Step(task, task.AcceptedAt));
        Row("STARTED", Step(task, task.StartedAt));
        Row("FINISHED", Step(task, task.FinishedAt));
        Row("DURATION", task.DurationMs is { } duration ? HumanFormat.DurationMs(duration) : null);
        console.Write(grid);

        Section(console, writer, "stdout", task.Stdout);
        Section(console, writer, "stderr", task.Stderr);
        if (task.Stdout.Length == 0 && task.Stderr.Length == 0)
        {
            console.MarkupLine("[grey](no output)[/]");
        }

        if (task.OutputTruncated)
        {
            console.MarkupLine("[yellow](output truncated)[/]");
        }
    }

    private static string? Step(TaskView task, DateTimeOffset? at) =>
        at is { } time ? $"{Time(time)} (+{HumanFormat.Duration(time - task.CreatedAt)})" : null;

    private static string Time(DateTimeOffset time) =>
        Markup.Escape(time.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture));

    private static void Section(IAnsiConsole console, TextWriter writer, string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        console.MarkupLine($"[bold]{name}:[/]");
        writer.Write(text);
        if (!text.EndsWith('\n'))
        {
            writer.Write('\n');
        }

        writer.Flush();
    }
}
