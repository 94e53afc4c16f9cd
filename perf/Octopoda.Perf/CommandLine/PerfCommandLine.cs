using Octopoda.Perf.Align;
using Octopoda.Perf.Api;
using Octopoda.Perf.Bench;
using Octopoda.Perf.Queue;
using Octopoda.Perf.Simulation;

namespace Octopoda.Perf.CommandLine;

/// <summary><c>octopoda-perf simulate | wait-online | report | phases | queue | queue-report | align | align-report | metrics</c>.</summary>
internal static class PerfCommandLine
{
    private static readonly string Usage = string.Join(
        Environment.NewLine,
        "usage:",
        SimulateCommand.Usage,
        WaitOnlineCommand.Usage,
        ReportCommand.Usage,
        PhasesCommand.Usage,
        QueueCommand.Usage,
        QueueReportCommand.Usage,
        AlignCommand.Usage,
        AlignReportCommand.Usage,
        MetricsCommand.Usage);

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                ["simulate", .. var rest] => await SimulateCommand.RunAsync(rest),
                ["wait-online", .. var rest] => await WaitOnlineCommand.RunAsync(rest),
                ["report", .. var rest] => ReportCommand.Run(rest),
                ["phases", .. var rest] => PhasesCommand.Run(rest),
                ["queue", .. var rest] => await QueueCommand.RunAsync(rest),
                ["queue-report", .. var rest] => QueueReportCommand.Run(rest),
                ["align", .. var rest] => await AlignCommand.RunAsync(rest),
                ["align-report", .. var rest] => AlignReportCommand.Run(rest),
                ["metrics", .. var rest] => await MetricsCommand.RunAsync(rest),
                [] or ["--help" or "-h" or "help"] => Help(),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"octopoda-perf: {ex.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    private static int Help()
    {
        Console.Out.WriteLine(Usage);
        return 0;
    }
}
