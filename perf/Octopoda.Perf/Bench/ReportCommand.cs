using System.Globalization;
using System.Text;
using Octopoda.Perf.CommandLine;

namespace Octopoda.Perf.Bench;

/// <summary>
/// <c>octopoda-perf report --csv FILE [--kind cmd]</c>: turns the timed repetitions (ours and the SSH peers', one
/// CSV) into Markdown on stdout: a headline table (Octopoda's median against the fastest peer's at each N), then
/// one table per N with every variant's median, min, max, ratio to the fastest peer and machine CPU.
/// </summary>
internal static class ReportCommand
{
    public const string Usage = """
        octopoda-perf report --csv fanout.csv [--kind cmd]
        """;

    private static readonly HashSet<string> Known = ["csv", "kind"];

    public static int Run(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        var path = flags.Require("csv");
        if (!File.Exists(path))
        {
            throw new UsageException($"{path} does not exist");
        }

        var kind = flags.Get("kind") ?? "cmd";
        var summaries = RunRow.ReadAll(path)
            .Where(r => r.Kind == kind)
            .GroupBy(r => (r.Tool, r.Variant, r.Nodes))
            .Select(g => VariantSummary.Of([.. g]))
            .ToList();
        Console.Out.Write(Render(summaries));
        return 0;
    }

    internal static string Render(IReadOnlyList<VariantSummary> summaries)
    {
        var md = new StringBuilder();
        var ours = summaries.Where(s => s.IsOctopoda).Select(s => s.Variant).Distinct().ToList();
        var byN = summaries.GroupBy(s => s.Nodes).OrderBy(g => g.Key).ToList();

        md.AppendLine("### Headline: median wall seconds, and Octopoda's ratio to the fastest SSH peer at the same N");
        md.AppendLine();
        md.Append("| N |");
        foreach (var variant in ours)
        {
            md.Append(CultureInfo.InvariantCulture, $" Octopoda: {variant} |");
        }

        md.AppendLine(" fastest SSH peer |");
        md.Append("|---:|");
        md.Append(string.Concat(Enumerable.Repeat("---:|", ours.Count)));
        md.AppendLine("---|");
        foreach (var group in byN)
        {
            var fastest = Fastest(group);
            md.Append(CultureInfo.InvariantCulture, $"| {group.Key} |");
            foreach (var variant in ours)
            {
                var mine = group.FirstOrDefault(s => s.IsOctopoda && s.Variant == variant);
                md.Append(mine switch
                {
                    null => " – |",
                    { Median: null } => " failed |",
                    _ => $" {Seconds(mine.Median)} ({Ratio(mine.Median, fastest?.Median)}×) |",
                });
            }

            md.AppendLine(fastest is null ? " – |" : $" {Seconds(fastest.Median)} ({fastest.Tool} {fastest.Variant}) |");
        }

        foreach (var group in byN)
        {
            var fastest = Fastest(group);
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### N = {group.Key}");
            md.AppendLine();
            md.AppendLine("| tool | variant | N | good runs | median s | min s | max s | ratio to fastest peer | machine CPU s (median) |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in group.OrderBy(s => s.Median ?? double.MaxValue).ThenBy(s => s.Tool, StringComparer.Ordinal))
            {
                var tool = s.IsOctopoda ? $"**{s.Tool}**" : s.Tool;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {tool} | {s.Variant} | {s.Nodes} | {s.OkRuns}/{s.Runs} | {Seconds(s.Median)} | {Seconds(s.Min)} | {Seconds(s.Max)} | {Ratio(s.Median, fastest?.Median)} | {Seconds(s.MedianMachineCpu, "0.00")} |");
            }
        }

        return md.ToString();
    }

    private static VariantSummary? Fastest(IEnumerable<VariantSummary> group) =>
        group.Where(s => !s.IsOctopoda && s.Median is not null).MinBy(s => s.Median);

    private static string Seconds(double? value, string format = "0.000") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Ratio(double? value, double? fastest) =>
        value is { } v && fastest is { } f && f > 0 ? (v / f).ToString("0.00", CultureInfo.InvariantCulture) : "–";
}
