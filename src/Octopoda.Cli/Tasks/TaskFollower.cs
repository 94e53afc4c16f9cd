using System.Globalization;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tasks;

/// <summary>Follows one task's output stream to the end, writing it raw: stdout to stdout, stderr to stderr.</summary>
internal static class TaskFollower
{
    /// <summary>
    /// Prints a task's stream raw until its final event and returns the exit code of its verdict (used by
    /// <c>task logs --follow</c> and <c>node tail</c>). When the stream ends without one (the Brain stopped), the
    /// task is fetched and whatever of its output was not printed yet is printed from it.
    /// </summary>
    public static async Task<int> FollowAsync(OctlSession session, IAsyncEnumerable<TaskStreamEvent> stream, Func<Task<TaskView>> fetch)
    {
        var printer = new StreamPrinter(session.OutWriter, session.ErrorWriter, prefix: false);
        TaskView? final = null;
        await foreach (var item in stream)
        {
            switch (item.Type)
            {
                case TaskStreamEvent.OutputType:
                    printer.Write(item);
                    break;
                case TaskStreamEvent.FinalType when item.Task is { } task:
                    final = task;
                    break;
            }
        }

        final ??= await fetch();
        printer.WriteRest(final);
        NoteTruncated(session, final);
        if (final.State != TaskState.Succeeded)
        {
            var exit = final.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code}") : "";
            var reason = final.Error is { Length: > 0 } error ? $": {error}" : "";
            var still = final.State.IsFinal() ? "" : " (the Brain ended the stream before the task finished)";
            session.ErrorWriter.WriteLine($"octl: {final.Node}: {final.State.ToWireName()}{exit}{reason}{still}");
        }

        return BatchOutcome.Of([final.State]).ExitCode;
    }

    /// <summary>Says on stderr that the Brain kept only part of the output.</summary>
    public static void NoteTruncated(OctlSession session, TaskView task)
    {
        if (task.OutputTruncated)
        {
            session.ErrorWriter.WriteLine("octl: (output truncated: the Brain keeps at most 1 MiB of each stream)");
        }
    }
}
