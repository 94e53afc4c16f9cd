using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tasks;

/// <summary><c>octl task list [--node N] [--state S] [--batch B] [--limit N]</c>: tasks, newest first.</summary>
internal sealed class TaskListCommand : Command
{
    /// <summary>The Brain's cap on one page.</summary>
    private const int MaxLimit = 1000;

    private readonly Option<string?> _node = new("--node")
    {
        Description = "Only tasks of this node",
        HelpName = "name",
    };

    private readonly Option<string?> _state = new("--state")
    {
        Description = $"Only tasks in this state: {string.Join(", ", TaskStates.Names)}",
        HelpName = "state",
    };

    private readonly Option<string?> _batch = new("--batch")
    {
        Description = "Only tasks of this batch (the id cmd run prints)",
        HelpName = "id",
    };

    private readonly Option<int?> _limit = new("--limit", "-n")
    {
        Description = $"At most this many tasks, 1 to {MaxLimit} (default: the Brain's, 100)",
        HelpName = "count",
    };

    public TaskListCommand(OctlContext context)
        : base("list", "List tasks, newest first: id, node, kind, state, exit code, age and what it runs")
    {
        _state.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && TaskStates.Parse(value) is null)
            {
                result.AddError($"'{value}' is not a task state; use one of {string.Join(", ", TaskStates.Names)}");
            }
        });
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } limit && limit is < 1 or > MaxLimit)
            {
                result.AddError($"--limit takes a count from 1 to {MaxLimit}; got {limit}");
            }
        });
        Options.Add(_node);
        Options.Add(_state);
        Options.Add(_batch);
        Options.Add(_limit);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var list = await session.Client.ListTasksAsync(
            parse.GetValue(_node), TaskStates.Parse(parse.GetValue(_state))?.ToWireName(), parse.GetValue(_batch), parse.GetValue(_limit), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, list, ProtocolJsonContext.Default.TaskListResponse);
                break;
            case OutputFormat.Lines:
                foreach (var task in list.Tasks)
                {
                    session.OutWriter.WriteLine(task.Id);
                }

                break;
            default:
                TaskListView.Render(session.OutConsole, list, session.Now);
                break;
        }

        return ExitCodes.Success;
    }
}
