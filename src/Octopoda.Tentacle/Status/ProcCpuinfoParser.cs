namespace Octopoda.Tentacle.Status;

/// <summary>Finds the CPU model in <c>/proc/cpuinfo</c>.</summary>
internal static class ProcCpuinfoParser
{
    /// <summary>
    /// The first <c>model name</c> (x86, and 32-bit ARM); failing that <c>Hardware</c> (the SoC on Raspberry
    /// Pi-style boards), then <c>Processor</c> (older ARM kernels); else empty. Keys match case-sensitively,
    /// so x86's per-core <c>processor : 0</c> lines never pass for a model.
    /// </summary>
    public static string ParseModel(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        string? hardware = null, processor = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            // Keys are padded with tabs to line the colons up: "model name\t: Intel(R) …".
            var key = line[..colon].TrimEnd();
            var value = line[(colon + 1)..].Trim();
            if (value.IsEmpty)
            {
                continue;
            }

            if (key.SequenceEqual("model name"))
            {
                return value.ToString();
            }

            if (hardware is null && key.SequenceEqual("Hardware"))
            {
                hardware = value.ToString();
            }
            else if (processor is null && key.SequenceEqual("Processor"))
            {
                processor = value.ToString();
            }
        }

        return hardware ?? processor ?? "";
    }
}
