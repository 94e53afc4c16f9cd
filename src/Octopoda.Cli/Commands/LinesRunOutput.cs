using System.Globalization;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Commands;

/// <summary>
/// pdsh/clush style: every line a node printed, prefixed by <c>node: </c>, stdout to stdout and stderr to stderr.
/// A task that did not succeed also gets one note on stderr, as clush does (<c>octl: node3: failed, exit 1</c>).
/// </summary>
internal sealed class LinesRunOutput(TextWriter stdout, TextWriter stderr) : IRunOutput
{
    public void Started(RunSubmission submission)
    {
        if (submission.ScheduleId is { } schedule)
        {
            stderr.WriteLine($"octl: schedule {schedule} started; its first run is batch {submission.BatchId}");
        }
    }

    public void Finished(TaskView task)
    {
        Prefix(stdout, task.Node, task.Stdout);
        Prefix(stderr, task.Node, task.Stderr);
        if (task.State != TaskState.Succeeded)
        {
            var exit = task.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code}") : "";
            var reason = task.Error is { Length: > 0 } error ? $": {error}" : "";
            stderr.WriteLine($"octl: {task.Node}: {task.State.ToWireName()}{exit}{reason}");
        }

        stdout.Flush();
        stderr.Flush();
    }

    public void Completed(RunSubmission submission, IReadOnlyList<TaskView> results, BatchOutcome outcome, AlignedStart? aligned)
    {
        if (aligned is not null)
        {
            stderr.WriteLine($"octl: {aligned.Describe()}");
            stderr.Flush();
        }
    }

    private static void Prefix(TextWriter writer, string node, string text)
    {
        foreach (var line in OutputLines.Split(text))
        {
            writer.Write(node);
            writer.Write(": ");
            writer.WriteLine(line);
        }
    }
}
