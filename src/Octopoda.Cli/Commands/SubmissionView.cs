using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Commands;

/// <summary>What <c>octl cmd run --async</c> prints: the schedule if one was made, the batch, and one task per node.</summary>
internal static class SubmissionView
{
    public static void Write(OctlSession session, RunSubmission submission)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, submission, ProtocolJsonContext.Default.RunSubmission);
                break;
            case OutputFormat.Lines:
                if (submission.ScheduleId is { } schedule)
                {
                    session.ErrorWriter.WriteLine($"octl: schedule {schedule} started; its first run is batch {submission.BatchId}");
                }

                foreach (var task in submission.Tasks)
                {
                    session.OutWriter.WriteLine($"{task.Node}: {task.Id}");
                }

                break;
            default:
                var console = session.OutConsole;
                if (submission.ScheduleId is { } id)
                {
                    console.MarkupLine($"started schedule [bold]{Markup.Escape(id)}[/]; stop it with 'octl schedule stop {Markup.Escape(id)}'");
                }

                console.MarkupLine($"submitted batch [bold]{Markup.Escape(submission.BatchId)}[/] to {HumanFormat.Count(submission.Tasks.Count, "node")}");
                var table = new Table().Border(TableBorder.None);
                foreach (var header in new[] { "NODE", "TASK", "STATE" })
                {
                    table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
                }

                foreach (var task in submission.Tasks)
                {
                    table.AddRow(new IRenderable[] { new Text(task.Node), new Text(task.Id), new Text(task.State.ToWireName()) });
                }

                console.Write(table);
                break;
        }
    }
}
