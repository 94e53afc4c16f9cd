using System.CommandLine;
using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Schedules;

/// <summary><c>octl schedule stop &lt;id&gt;</c>: no further runs start; a run already started is not cancelled.</summary>
internal sealed class ScheduleStopCommand : Command
{
    private readonly Argument<string> _id = new("id") { Description = "The schedule's id ('octl schedule list' shows them)" };

    public ScheduleStopCommand(OctlContext context)
        : base("stop", "Stop a schedule: no further runs start (tasks already started are not cancelled)")
    {
        Arguments.Add(_id);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var schedule = await session.Client.StopScheduleAsync(parse.GetRequiredValue(_id).Trim(), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, schedule, ProtocolJsonContext.Default.ScheduleView);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine($"{schedule.Id} ended");
                break;
            default:
                var last = schedule.LastBatchId is { } batch ? $" (last batch {batch}; 'octl task cancel' stops its tasks if they still run)" : "";
                session.OutConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"stopped schedule {schedule.Id} after {HumanFormat.Count(schedule.Runs, "run")}{last}")));
                break;
        }

        return ExitCodes.Success;
    }
}
