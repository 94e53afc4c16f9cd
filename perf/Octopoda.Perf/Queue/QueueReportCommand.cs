using System.Globalization;
using System.Text;
using Octopoda.Perf.Bench;
using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Queue;

/// <summary><c>octopoda-perf queue-report --csv queue.csv</c>: the queue runs of one CSV as a Markdown table.</summary>
internal static class QueueReportCommand
{
    public const string Usage = """
        octopoda-perf queue-report --csv queue.csv
        """;

    private static readonly HashSet<string> Known = ["csv"];

    public static int Run(IEnumerable<string> args)
    {
        var path = Flags.Parse(args, Known).Require("csv");
        if (!File.Exists(path))
        {
            throw new UsageException($"{path} does not exist");
        }

        Console.Out.Write(Render(File.ReadAllLines(path)));
        return 0;
    }

    internal static string Render(IReadOnlyList<string> lines)
    {
        var md = new StringBuilder();
        md.AppendLine("| store | POST targets | nodes | tasks | POSTs | in flight | accepted tasks/s | POST ms p50 / p99 | completed tasks/s | all final after s | succeeded | Brain CPU | completion seen by |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        if (lines.Count == 0)
        {
            return md.ToString();
        }

        var header = CsvLine.Split(lines[0]);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = CsvLine.Split(line);
            string Get(string column) => header.IndexOf(column) is >= 0 and var i && i < f.Count ? f[i] : "";
            string Rounded(string column, string format) =>
                double.TryParse(Get(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
            var completed = Get("complete_s").Length > 0 ? Rounded("completed_per_s", "0") : $"not all final ({Get("not_final")} left)";
            var cpu = double.TryParse(Get("brain_cpu_s"), NumberStyles.Float, CultureInfo.InvariantCulture, out var brain)
                      && double.TryParse(Get("complete_s").Length > 0 ? Get("complete_s") : Get("accept_s"), NumberStyles.Float, CultureInfo.InvariantCulture, out var span) && span > 0
                ? $"{brain.ToString("0.0", CultureInfo.InvariantCulture)} s ({(brain / span * 100).ToString("0", CultureInfo.InvariantCulture)} %)"
                : "–";
            var targets = Get("targets") == "all" ? "@all" : "one node";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Get("label")} | {targets} | {Get("nodes")} | {Get("tasks")} | {Get("posts")} | {Get("concurrency")} | **{Rounded("accepted_per_s", "0")}** | " +
                $"{Rounded("post_p50_ms", "0.0")} / {Rounded("post_p99_ms", "0.0")} | **{completed}** | {Rounded("complete_s", "0.00")} | {Get("succeeded")} | {cpu} | {Get("completion_method")} |");
        }

        return md.ToString();
    }
}
