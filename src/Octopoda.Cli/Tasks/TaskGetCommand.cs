using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tasks;

/// <summary><c>octl task get &lt;id&gt;</c>: one task's details, timeline and output.</summary>
internal sealed class TaskGetCommand : Command
{
    private readonly Argument<string> _id = TaskIds.One();

    public TaskGetCommand(OctlContext context)
        : base("get", "Show one task: its details, timeline, stdout and stderr")
    {
        Arguments.Add(_id);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var task = await session.Client.GetTaskAsync(parse.GetRequiredValue(_id).Trim(), cancellationToken);
        if (session.Format == OutputFormat.Json)
        {
            JsonOutput.Write(session.OutWriter, task, ProtocolJsonContext.Default.TaskView);
        }
        else
        {
            TaskDetailView.Render(session.OutConsole, session.OutWriter, task, session.Now);
        }

        return ExitCodes.Success;
    }
}
