using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tasks;

/// <summary>
/// <c>octl task wait &lt;id&gt; [--timeout d]</c>: waits until the task is final and shows it as <c>cmd run</c> does, with
/// the same exit code. Ctrl-C stops waiting, not the task.
/// </summary>
internal sealed class TaskWaitCommand : Command
{
    private readonly Argument<string> _id = TaskIds.One();

    private readonly Option<int?> _timeout = Durations.Option(
        "--timeout", "", "Stop waiting after this long (exit 1 if the task has not finished)", minimumSeconds: 1);

    public TaskWaitCommand(OctlContext context)
        : base("wait", "Wait for a task to finish, show its result, and exit with its verdict (0 succeeded, 1 failed, 3 unreachable)")
    {
        Arguments.Add(_id);
        Options.Add(_timeout);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var task = await session.Client.WaitTaskAsync(parse.GetRequiredValue(_id).Trim(), timeout, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, task, ProtocolJsonContext.Default.TaskView);
                break;
            case OutputFormat.Lines:
                new LinesRunOutput(session.OutWriter, session.ErrorWriter).Finished(task);
                break;
            default:
                new TableRunOutput(session.OutConsole, session.OutWriter).Finished(task);
                break;
        }

        if (!task.State.IsFinal() && session.Format != OutputFormat.Json)
        {
            var when = parse.GetValue(_timeout) is { } limit ? $"after {Durations.Format(limit)}" : "when the Brain ended the wait";
            session.ErrorWriter.WriteLine($"octl: stopped waiting {when}; task {TaskIds.Short(task.Id)} is still {task.State.ToWireName()}");
        }

        return BatchOutcome.Of([task.State]).ExitCode;
    }
}
