using System.Globalization;

namespace Octopoda.Perf.Bench;

/// <summary>One timed repetition: a row of the peers' <c>results.csv</c> format, which our rows share.</summary>
internal sealed record RunRow(string Kind, string Tool, string Variant, int Nodes, double WallSeconds, int ExitCode, int OkNodes, double? MachineCpuSeconds)
{
    /// <summary>Counted only when the tool exited 0 and every node's output was there.</summary>
    public bool Ok => ExitCode == 0 && OkNodes == Nodes;

    public bool IsOctopoda => Tool.StartsWith("octopoda", StringComparison.Ordinal);

    /// <summary>Reads every row of a CSV with the header <c>ts,kind,tool,variant,n,rep,wall_s,rc,ok_nodes,…</c>.</summary>
    public static List<RunRow> ReadAll(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = CsvLine.Split(lines[0]);
        int Column(string name) => header.IndexOf(name) is >= 0 and var at ? at : throw new InvalidDataException($"{path} has no '{name}' column");
        int kind = Column("kind"), tool = Column("tool"), variant = Column("variant"), n = Column("n"), wall = Column("wall_s"),
            rc = Column("rc"), ok = Column("ok_nodes"), cpu = Column("machine_cpu_s");
        var rows = new List<RunRow>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = CsvLine.Split(line);
            rows.Add(new RunRow(
                f[kind],
                f[tool],
                f[variant],
                Int(f[n]),
                double.Parse(f[wall], CultureInfo.InvariantCulture),
                Int(f[rc]),
                Int(f[ok]),
                double.TryParse(f[cpu], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : null));
        }

        return rows;
    }

    private static int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
