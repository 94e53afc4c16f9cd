namespace Octopoda.Perf.Bench;

/// <summary>The repetitions of one tool variant at one N, reduced to median, min and max of the good ones.</summary>
internal sealed record VariantSummary(string Tool, string Variant, int Nodes, int Runs, int OkRuns, double? Median, double? Min, double? Max, double? MedianMachineCpu)
{
    public bool IsOctopoda => Tool.StartsWith("octopoda", StringComparison.Ordinal);

    public static VariantSummary Of(IReadOnlyList<RunRow> runs)
    {
        var ok = runs.Where(r => r.Ok).ToList();
        var walls = ok.Select(r => r.WallSeconds).ToList();
        var cpu = ok.Where(r => r.MachineCpuSeconds is not null).Select(r => r.MachineCpuSeconds!.Value).ToList();
        return new VariantSummary(
            runs[0].Tool,
            runs[0].Variant,
            runs[0].Nodes,
            runs.Count,
            ok.Count,
            MedianOf(walls),
            walls.Count > 0 ? walls.Min() : null,
            walls.Count > 0 ? walls.Max() : null,
            MedianOf(cpu));
    }

    private static double? MedianOf(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
