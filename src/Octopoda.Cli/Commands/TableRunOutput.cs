using Octopoda.Cli.Output;
using Octopoda.Cli.Tasks;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Spectre.Console;

namespace Octopoda.Cli.Commands;

/// <summary>
/// The report for people: per node a header (<c>node1 · succeeded · exit 0 · 12 ms</c>), its stdout, then its
/// labelled stderr, and a summary at the end. Node output is written raw so it is never re-wrapped or read as markup.
/// </summary>
internal sealed class TableRunOutput(IAnsiConsole console, TextWriter writer) : IRunOutput
{
    public void Started(RunSubmission submission) =>
        console.MarkupLine($"[grey]{Markup.Escape(Describe(submission))}[/]");

    /// <summary><c>batch b-1 · 3 nodes</c>, or <c>schedule s-1 · first run: batch b-1 · 3 nodes</c>.</summary>
    internal static string Describe(RunSubmission submission)
    {
        var batch = $"batch {submission.BatchId} · {HumanFormat.Count(submission.Tasks.Count, "node")}";
        return submission.ScheduleId is { } schedule ? $"schedule {schedule} · first run: {batch}" : batch;
    }

    public void Finished(TaskView task)
    {
        console.MarkupLine(Header(task));
        WriteRaw(task.Stdout);
        if (task.Stderr.Length > 0)
        {
            console.MarkupLine("[red]stderr:[/]");
            if (console.Profile.Capabilities.Ansi)
            {
                foreach (var line in OutputLines.Split(task.Stderr))
                {
                    console.MarkupLine($"[dim red]{Markup.Escape(line)}[/]");
                }
            }
            else
            {
                WriteRaw(task.Stderr);
            }
        }

        if (task.OutputTruncated)
        {
            console.MarkupLine("[yellow](output truncated)[/]");
        }
    }

    public void Completed(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned) =>
        WriteSummary(console, submission, outcome, aligned);

    /// <summary>The summary line in the outcome's colour, the start spread of an aligned run, and how to stop a schedule.</summary>
    internal static void WriteSummary(IAnsiConsole console, RunSubmission submission, BatchOutcome outcome, AlignedStart? aligned)
    {
        var colour = outcome.ExitCode switch
        {
            ExitCodes.Success => "green",
            ExitCodes.NodesUnreachable => "yellow",
            _ => "red",
        };
        console.MarkupLine($"[{colour}]{Markup.Escape(outcome.Summary)}[/]");
        if (aligned is not null)
        {
            console.MarkupLine(Markup.Escape(aligned.Describe()));
        }

        if (submission.ScheduleId is { } schedule)
        {
            console.MarkupLine($"[grey]schedule {Markup.Escape(schedule)} runs on; stop it with 'octl schedule stop {Markup.Escape(schedule)}'[/]");
        }
    }

    /// <summary><c>node1 · succeeded · exit 0 · 12 ms</c>, plus the reason when there is one.</summary>
    internal static string Header(TaskView task)
    {
        var colour = TaskStates.Colour(task.State);
        var parts = new List<string> { $"[bold]{Markup.Escape(task.Node)}[/]", $"[{colour}]{task.State.ToWireName()}[/]" };
        if (task.ExitCode is { } code)
        {
            parts.Add($"exit {code}");
        }

        if (task.DurationMs is { } duration)
        {
            parts.Add(HumanFormat.DurationMs(duration));
        }

        if (task.Error is { Length: > 0 } error)
        {
            parts.Add($"[{colour}]{Markup.Escape(error)}[/]");
        }

        return string.Join(" · ", parts);
    }

    private void WriteRaw(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        writer.Write(text);
        if (!text.EndsWith('\n'))
        {
            writer.Write('\n');
        }

        writer.Flush();
    }
}
