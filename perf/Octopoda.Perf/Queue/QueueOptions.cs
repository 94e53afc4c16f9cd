using Octopoda.Perf.Api;
using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Queue;

/// <summary>What <c>octopoda-perf queue</c> was asked to do.</summary>
internal sealed record QueueOptions
{
    public const string Usage = """
        octopoda-perf queue --brain https://127.0.0.1:7400 --token TOKEN --ca ca.crt --tasks 20000
                            [--targets single|all] [--concurrency 16] [--warmup 200] [--command 'true']
                            [--completion auto|metrics|batches] [--timeout-seconds 600] [--label sqlite]
                            [--csv out/queue.csv] [--metrics-json FILE] [--brain-pid PID] [--sim-pid PID]
        """;

    private static readonly HashSet<string> Known =
    [
        .. ApiTarget.FlagNames, "tasks", "targets", "concurrency", "warmup", "command", "completion", "timeout-seconds", "label",
        "csv", "metrics-json", "brain-pid", "sim-pid",
    ];

    public required ApiTarget Target { get; init; }

    /// <summary>Tasks to submit in the timed run (rounded up to whole POSTs with <see cref="AllNodes"/>).</summary>
    public required int Tasks { get; init; }

    /// <summary>True: every POST targets <c>@all</c> (one task per node); false: each POST targets one node, in turn.</summary>
    public required bool AllNodes { get; init; }

    /// <summary>POSTs in flight at once.</summary>
    public required int Concurrency { get; init; }

    /// <summary>Single-node tasks submitted and waited for before timing, so the Brain's paths are compiled and its pools warm.</summary>
    public required int Warmup { get; init; }

    public required string Command { get; init; }

    /// <summary><c>auto</c>: delivery metrics when the Brain has them, else batch waits.</summary>
    public required string Completion { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required string Label { get; init; }

    public string? Csv { get; init; }

    public string? MetricsJson { get; init; }

    public int? BrainPid { get; init; }

    public int? SimulatorPid { get; init; }

    public static QueueOptions Parse(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        var tasks = flags.GetInt("tasks", 0, minimum: 1);
        if (tasks == 0)
        {
            throw new UsageException("--tasks is required");
        }

        var targets = flags.Get("targets") ?? "single";
        if (targets is not ("single" or "all"))
        {
            throw new UsageException("--targets is single (one node per POST, in turn) or all (@all in every POST)");
        }

        var completion = flags.Get("completion") ?? "auto";
        if (completion is not ("auto" or "metrics" or "batches"))
        {
            throw new UsageException("--completion is auto, metrics or batches");
        }

        return new QueueOptions
        {
            Target = ApiTarget.From(flags),
            Tasks = tasks,
            AllNodes = targets == "all",
            Concurrency = flags.GetInt("concurrency", 16, minimum: 1),
            Warmup = flags.GetInt("warmup", 200, minimum: 0),
            Command = flags.Get("command") ?? "true",
            Completion = completion,
            Timeout = TimeSpan.FromSeconds(flags.GetInt("timeout-seconds", 600, minimum: 1)),
            Label = flags.Get("label") ?? "",
            Csv = flags.Get("csv"),
            MetricsJson = flags.Get("metrics-json"),
            BrainPid = flags.Get("brain-pid") is null ? null : flags.GetInt("brain-pid", 0, minimum: 1),
            SimulatorPid = flags.Get("sim-pid") is null ? null : flags.GetInt("sim-pid", 0, minimum: 1),
        };
    }
}
