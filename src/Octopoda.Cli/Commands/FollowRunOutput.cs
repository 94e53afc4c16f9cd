using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Spectre.Console;

namespace Octopoda.Cli.Commands;

/// <summary>
/// <c>octl cmd run --follow</c>: the nodes' output as it arrives, stdout to stdout and stderr to stderr, each line
/// prefixed by its node when several nodes run it (always with <c>-o lines</c>). octl's own notes (a task that did
/// not succeed, the summary, the start spread) go to stderr, so stdout holds only what the nodes printed.
/// </summary>
internal sealed class FollowRunOutput(OctlSession session, bool prefix) : IRunOutput
{
    private readonly StreamPrinter _printer = new(session.OutWriter, session.ErrorWriter, prefix);

    public void Started(RunSubmission submission)
    {
        if (session.Format == OutputFormat.Table)
        {
            session.ErrorConsole.MarkupLine($"[grey]{Markup.Escape(TableRunOutput.Describe(submission))}[/]");
        }
        else if (submission.ScheduleId is { } schedule)
        {
            Note($"schedule {schedule} started; its first run is batch {submission.BatchId}");
        }
    }

    /// <summary>A chunk of a task's output.</summary>
    public void Output(TaskStreamEvent chunk) => _printer.Write(chunk);

    public void Finished(TaskView task)
    {
        // The final event follows the last of the output; a task fetched after the stream ended early may have more.
        _printer.WriteRest(task);
        _printer.Complete(task.Id);
        if (task.State != TaskState.Succeeded)
        {
            var exit = task.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code}") : "";
            var reason = task.Error is { Length: > 0 } error ? $": {error}" : "";
            Note($"{task.Node}: {task.State.ToWireName()}{exit}{reason}");
        }
    }

    public void Completed(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned)
    {
        if (session.Format == OutputFormat.Table)
        {
            TableRunOutput.WriteSummary(session.ErrorConsole, submission, outcome, aligned);
        }
        else if (aligned is not null)
        {
            Note(aligned.Describe());
        }
    }

    private void Note(string text)
    {
        session.ErrorWriter.WriteLine($"octl: {text}");
        session.ErrorWriter.Flush();
    }
}
