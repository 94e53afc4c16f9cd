using System.CommandLine;

namespace Octopoda.Cli.Tasks;

/// <summary><c>octl task</c>: the tasks the Brain stored, whoever submitted them.</summary>
internal sealed class TaskCommand : Command
{
    public TaskCommand(OctlContext context)
        : base("task", "List, inspect, wait for, follow and cancel tasks")
    {
        Subcommands.Add(new TaskListCommand(context));
        Subcommands.Add(new TaskGetCommand(context));
        Subcommands.Add(new TaskWaitCommand(context));
        Subcommands.Add(new TaskLogsCommand(context));
        Subcommands.Add(new TaskCancelCommand(context));
        Subcommands.Add(new TaskStatsCommand(context));
    }
}
