using System.CommandLine;

namespace Octopoda.Cli.Schedules;

/// <summary><c>octl schedule</c>: repeating runs made by <c>cmd run --every … --for …</c>.</summary>
internal sealed class ScheduleCommand : Command
{
    public ScheduleCommand(OctlContext context)
        : base("schedule", "List and stop repeating runs (made by 'octl cmd run --every D --for D')")
    {
        Subcommands.Add(new ScheduleListCommand(context));
        Subcommands.Add(new ScheduleStopCommand(context));
    }
}
