using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tasks;

/// <summary>
/// <c>octl task logs &lt;id&gt; [--follow]</c>: the task's stdout to stdout and its stderr to stderr, nothing else, so
/// it pipes. With <c>--follow</c>, output is streamed as the node prints it until the task ends, and the exit code
/// is the task's verdict; Ctrl-C stops following, not the task.
/// </summary>
internal sealed class TaskLogsCommand : Command
{
    private readonly Argument<string> _id = TaskIds.One();

    private readonly Option<bool> _follow = new("--follow", "-f")
    {
        Arity = ArgumentArity.Zero,
        Description = "Stream the output as it is printed until the task ends; exit with its verdict",
    };

    public TaskLogsCommand(OctlContext context)
        : base("logs", "Print a task's stdout (to stdout) and stderr (to stderr); --follow streams them until it ends")
    {
        Arguments.Add(_id);
        Options.Add(_follow);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetRequiredValue(_id).Trim();
        if (!parse.GetValue(_follow))
        {
            var task = await session.Client.GetTaskAsync(id, cancellationToken);
            if (session.Format == OutputFormat.Json)
            {
                JsonOutput.Write(session.OutWriter, task, ProtocolJsonContext.Default.TaskView);
            }
            else
            {
                var printer = new StreamPrinter(session.OutWriter, session.ErrorWriter, prefix: false);
                printer.WriteRest(task);
                TaskFollower.NoteTruncated(session, task);
            }

            return ExitCodes.Success;
        }

        BatchRunner.CheckFormat(session, follow: true);
        return await TaskFollower.FollowAsync(session, session.Client.StreamTaskAsync(id, cancellationToken), () => session.Client.GetTaskAsync(id, cancellationToken));
    }
}
