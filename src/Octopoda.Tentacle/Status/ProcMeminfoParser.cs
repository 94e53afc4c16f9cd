using System.Globalization;

namespace Octopoda.Tentacle.Status;

/// <summary>Reads <c>MemTotal</c> and <c>MemAvailable</c> from <c>/proc/meminfo</c>.</summary>
internal static class ProcMeminfoParser
{
    /// <summary>
    /// Total and available memory, or the zero value when the text is missing or malformed. Kernels before 3.14
    /// have no <c>MemAvailable</c>; for them available is estimated as MemFree + Buffers + Cached, as the kernel
    /// itself and gopsutil did then.
    /// </summary>
    public static MemoryInfo Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        long? total = null, available = null, free = null, buffers = null, cached = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            switch (key)
            {
                case "MemTotal":
                    total = ParseBytes(line[(colon + 1)..]);
                    break;
                case "MemAvailable":
                    available = ParseBytes(line[(colon + 1)..]);
                    break;
                case "MemFree":
                    free = ParseBytes(line[(colon + 1)..]);
                    break;
                case "Buffers":
                    buffers = ParseBytes(line[(colon + 1)..]);
                    break;
                case "Cached":
                    cached = ParseBytes(line[(colon + 1)..]);
                    break;
                default:
                    break;
            }
        }

        available ??= free + buffers + cached;
        if (total is not > 0 || available is null)
        {
            return default;
        }

        return new MemoryInfo(total.Value, Math.Min(available.Value, total.Value));
    }

    // Values look like "16318044 kB"; the kernel writes "kB" meaning KiB. A value without a unit is a count.
    private static long? ParseBytes(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var multiplier = 1L;
        if (value.EndsWith("kB", StringComparison.Ordinal))
        {
            multiplier = 1024;
            value = value[..^2].TrimEnd();
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue / multiplier)
        {
            return null;
        }

        return number * multiplier;
    }
}
