using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Schedules;

/// <summary><c>octl schedule list</c>: every schedule, running or ended.</summary>
internal sealed class ScheduleListCommand : Command
{
    public ScheduleListCommand(OctlContext context)
        : base("list", "List schedules: interval, runs so far, next run, end, last batch and what they run")
    {
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var schedules = await session.Client.ListSchedulesAsync(cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, schedules, ProtocolJsonContext.Default.IReadOnlyListScheduleView);
                break;
            case OutputFormat.Lines:
                foreach (var schedule in schedules)
                {
                    session.OutWriter.WriteLine(schedule.Id);
                }

                break;
            default:
                ScheduleListView.Render(session.OutConsole, schedules, session.Now);
                break;
        }

        return ExitCodes.Success;
    }
}
