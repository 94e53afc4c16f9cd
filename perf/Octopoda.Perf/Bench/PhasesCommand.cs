using System.Globalization;
using System.Text.Json;
using Octopoda.Perf.CommandLine;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Perf.Bench;

/// <summary>
/// <c>octopoda-perf phases --json FILE --start-ms T0 --end-ms T1 --label L</c>: splits one
/// <c>octl cmd run -o json</c> (started at T0, exited at T1, Unix ms) into phases from the tasks' own timestamps
/// and prints one Markdown table row. Diagnostic, not a benchmark: node timestamps are the node's clock corrected
/// by the offset the heartbeats measured, so on one machine they carry that estimate's error (a few ms, more
/// under load).
/// </summary>
internal static class PhasesCommand
{
    public const string Usage = """
        octopoda-perf phases --json run.json --start-ms T0 --end-ms T1 --label LABEL
        """;

    public const string Header = """
        | configuration | N | octl start → tasks stored | stored → last dispatched | stored → last accepted | stored → last finished | last finished → octl exit | total |
        |---|---:|---:|---:|---:|---:|---:|---:|
        """;

    private static readonly HashSet<string> Known = ["json", "start-ms", "end-ms", "label"];

    public static int Run(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(Long(flags.Require("start-ms")));
        var end = DateTimeOffset.FromUnixTimeMilliseconds(Long(flags.Require("end-ms")));
        List<TaskView> tasks;
        using (var document = JsonDocument.Parse(File.ReadAllText(flags.Require("json"))))
        {
            tasks = [.. document.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Deserialize(ProtocolJsonContext.Default.TaskView)!)];
        }

        if (tasks.Count == 0)
        {
            throw new UsageException("the run has no tasks");
        }

        var stored = tasks.Min(t => t.CreatedAt);
        var finished = Last(tasks, t => t.FinishedAt);
        Console.Out.WriteLine(
            $"| {flags.Require("label")} | {tasks.Count} | {Span(start, stored)} | {Span(stored, Last(tasks, t => t.DispatchedAt))} | " +
            $"{Span(stored, Last(tasks, t => t.AcceptedAt))} | {Span(stored, finished)} | {Span(finished, end)} | {Span(start, end)} |");
        return 0;
    }

    private static DateTimeOffset? Last(List<TaskView> tasks, Func<TaskView, DateTimeOffset?> at) =>
        tasks.Select(at).Where(t => t is not null).Max();

    private static string Span(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } a && to is { } b ? (b - a).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static long Long(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"not a Unix time in ms: '{text}'");
}
