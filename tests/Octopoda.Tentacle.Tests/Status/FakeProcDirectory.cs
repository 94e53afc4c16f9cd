using System.Globalization;

namespace Octopoda.Tentacle.Tests.Status;

/// <summary>A temporary directory laid out like <c>/proc</c>, with files the test writes.</summary>
internal sealed class FakeProcDirectory : IDisposable
{
    public const string CpuModel = "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz";
    public const long MemTotalKb = 16_318_044;
    public const long MemAvailableKb = 12_000_000;

    // Counters since boot are never zero; a zero total is what the parser returns for a malformed line.
    public const long InitialBusy = 1_000;
    public const long InitialIdle = 9_000;

    public FakeProcDirectory(bool withDefaults = true)
    {
        Path = Directory.CreateTempSubdirectory("octopoda-proc-").FullName;
        if (withDefaults)
        {
            Write("cpuinfo", $"processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: {CpuModel}\n\nprocessor\t: 1\nmodel name\t: {CpuModel}\n");
            Write("meminfo", $"MemTotal:       {MemTotalKb} kB\nMemFree:         1000000 kB\nMemAvailable:   {MemAvailableKb} kB\nBuffers:          200000 kB\n");
            Write("mounts", "/dev/root / ext4 rw,relatime 0 0\nproc /proc proc rw,nosuid 0 0\n");
            WriteCpu(InitialBusy, InitialIdle);
        }
    }

    public string Path { get; }

    public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name), text);

    /// <summary>Writes a <c>/proc/stat</c> whose aggregate line has the given cumulative busy and idle ticks.</summary>
    public void WriteCpu(long busy, long idle)
    {
        // Split busy over user and system so the parser has to add fields; iowait (field 5) counts as idle.
        var user = busy / 2;
        var system = busy - user;
        var line = string.Create(CultureInfo.InvariantCulture, $"cpu  {user} 0 {system} {idle} 0 0 0 0 0 0");
        Write("stat", $"{line}\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1 2 3\nctxt 42\n");
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
