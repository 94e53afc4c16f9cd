using System.Globalization;
using System.Text;
using Octopoda.Perf.Bench;
using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Align;

/// <summary><c>octopoda-perf align-report --csv align.csv</c>: each label and mode's rounds as one Markdown row.</summary>
internal static class AlignReportCommand
{
    public const string Usage = """
        octopoda-perf align-report --csv align.csv
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
        md.AppendLine("| configuration | mode | nodes | clean rounds | start spread ms: median / p90 / max | printed-clock spread ms: median / p90 / max | stored → first start ms (median) | tasks succeeded with output |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        if (lines.Count == 0)
        {
            return md.ToString();
        }

        var header = CsvLine.Split(lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(CsvLine.Split).ToList();
        string Get(List<string> f, string column) => header.IndexOf(column) is >= 0 and var i && i < f.Count ? f[i] : "";
        double? Number(List<string> f, string column) =>
            double.TryParse(Get(f, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        foreach (var group in rows.GroupBy(f => (Label: Get(f, "label"), Mode: Get(f, "mode"))))
        {
            var all = group.ToList();
            var clean = all.Where(f => Get(f, "problems").Length == 0 && Number(f, "start_spread_ms") is not null
                                        && Get(f, "succeeded") == Get(f, "nodes")).ToList();
            var start = Percentiles.Of(clean.Select(f => Number(f, "start_spread_ms")!.Value));
            var printed = Percentiles.Of(clean.Select(f => Number(f, "exec_spread_ms") ?? double.NaN));
            var lead = Percentiles.Of(clean.Select(f => Number(f, "lead_ms") ?? double.NaN));
            var nodes = all.Select(f => Get(f, "nodes")).FirstOrDefault(n => n != "0") ?? "–";
            var tasks = all.Sum(f => Number(f, "nodes") ?? 0);
            var withOutput = all.Sum(f => Number(f, "with_output") ?? 0);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Label} | {group.Key.Mode} | {nodes} | {clean.Count}/{all.Count} | {F(start.P50)} / {F(start.P90)} / {F(start.Max)} | " +
                $"{F(printed.P50)} / {F(printed.P90)} / {F(printed.Max)} | {F(lead.P50)} | {withOutput}/{tasks} |");
        }

        return md.ToString();
    }

    private static string F(double? value) => Percentiles.Format(value, "0.00");
}
