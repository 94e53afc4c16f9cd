using System.Globalization;

namespace Octopoda.Perf.Bench;

/// <summary>Appends rows to a CSV file, writing the header first when the file is new.</summary>
internal static class CsvAppender
{
    public static void Append(string path, IReadOnlyList<string> header, IReadOnlyList<object?> values)
    {
        if (header.Count != values.Count)
        {
            throw new ArgumentException($"{values.Count} values for {header.Count} columns", nameof(values));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var lines = new List<string>();
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            lines.Add(string.Join(',', header));
        }

        lines.Add(string.Join(',', values.Select(Field)));
        File.AppendAllLines(path, lines);
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => double.IsNaN(d) ? "" : d.ToString("0.###", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
