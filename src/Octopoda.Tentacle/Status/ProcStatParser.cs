namespace Octopoda.Tentacle.Status;

/// <summary>Reads the aggregate <c>cpu</c> line of <c>/proc/stat</c>.</summary>
internal static class ProcStatParser
{
    // Fields of the line in kernel order (proc(5)): user nice system idle iowait irq softirq steal guest
    // guest_nice. The kernel already counts guest and guest_nice inside user and nice, so the total is the first
    // eight only; adding the last two would count virtual-machine time twice (gopsutil sums the same eight).
    private const int CountedFields = 8;
    private const int IdleField = 3;
    private const int IowaitField = 4;

    // Every kernel since 2.6 prints at least user, nice, system and idle; a shorter line is not one we understand.
    private const int MinimumFields = 4;

    /// <summary>
    /// Busy and total ticks of the aggregate line (busy = total − idle − iowait), or the zero value when the
    /// text is missing or malformed.
    /// </summary>
    public static CpuTimes ParseAggregate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            // "cpu " with a space: "cpu0", "cpu1", … are the per-core lines.
            if (line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return ParseFields(line[4..]);
            }
        }

        return default;
    }

    private static CpuTimes ParseFields(ReadOnlySpan<char> fields)
    {
        Span<long> values = stackalloc long[CountedFields];
        var count = 0;
        foreach (var range in fields.SplitAny(' ', '\t'))
        {
            var token = fields[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (count == CountedFields)
            {
                break;
            }

            if (!long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[count]))
            {
                return default;
            }

            count++;
        }

        if (count < MinimumFields)
        {
            return default;
        }

        long total = 0;
        foreach (var value in values[..count])
        {
            total += value;
        }

        var iowait = count > IowaitField ? values[IowaitField] : 0;
        return new CpuTimes(total - values[IdleField] - iowait, total);
    }
}
