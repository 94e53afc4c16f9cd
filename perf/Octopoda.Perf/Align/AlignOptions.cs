using Octopoda.Perf.Api;
using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Align;

/// <summary>What <c>octopoda-perf align</c> was asked to do.</summary>
internal sealed record AlignOptions
{
    public const string Usage = $"""
        octopoda-perf align {ApiTarget.Usage} --mode aligned|plain|xrun
                            [--rounds 20] [--targets @all] [--tolerance-ms N] [--delay-seconds 2]
                            [--command 'date +%s%N'] [--pause-ms 300] [--timeout-seconds 60] [--warmup-rounds 1]
                            [--label L] [--csv FILE]
        """;

    private static readonly HashSet<string> Known =
    [
        .. ApiTarget.FlagNames, "mode", "rounds", "targets", "tolerance-ms", "delay-seconds", "command", "pause-ms", "timeout-seconds", "warmup-rounds", "label", "csv",
    ];

    public required ApiTarget Target { get; init; }

    /// <summary><c>aligned</c>: TimeAligned (-ta); <c>plain</c>: the same run without it; <c>xrun</c>: DelaySeconds.</summary>
    public required string Mode { get; init; }

    public required int Rounds { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>AlignToleranceMs to send; null leaves the Brain's default.</summary>
    public int? ToleranceMs { get; init; }

    public required int DelaySeconds { get; init; }

    /// <summary>
    /// What each node runs. The default prints the node's clock in ns when the process runs, a second measure of
    /// the spread that does not rely on the Tentacle's own start stamp (on one machine every node shares the clock).
    /// </summary>
    public required string Command { get; init; }

    public required TimeSpan Pause { get; init; }

    /// <summary>Untimed rounds of the plain command before the measured ones.</summary>
    public required int WarmupRounds { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required string Label { get; init; }

    public string? Csv { get; init; }

    public static AlignOptions Parse(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        var mode = flags.Require("mode");
        if (mode is not ("aligned" or "plain" or "xrun"))
        {
            throw new UsageException("--mode is aligned (TimeAligned), plain (the same without it) or xrun (DelaySeconds)");
        }

        return new AlignOptions
        {
            Target = ApiTarget.From(flags),
            Mode = mode,
            Rounds = flags.GetInt("rounds", 20, minimum: 1),
            Targets = (flags.Get("targets") ?? "@all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ToleranceMs = flags.Get("tolerance-ms") is null ? null : flags.GetInt("tolerance-ms", 0, minimum: 1),
            DelaySeconds = flags.GetInt("delay-seconds", 2, minimum: 1),
            Command = flags.Get("command") ?? "date +%s%N",
            Pause = TimeSpan.FromMilliseconds(flags.GetInt("pause-ms", 300, minimum: 0)),
            WarmupRounds = flags.GetInt("warmup-rounds", 1, minimum: 0),
            Timeout = TimeSpan.FromSeconds(flags.GetInt("timeout-seconds", 60, minimum: 1)),
            Label = flags.Get("label") ?? "",
            Csv = flags.Get("csv"),
        };
    }
}
