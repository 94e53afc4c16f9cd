using System.Formats.Tar;
using System.Text;

namespace Octopoda.Cli.Tests.Files;

/// <summary>Tar streams for a fake Brain to send, honest or not, written with the BCL's TarWriter.</summary>
internal sealed class TestArchive
{
    public static readonly DateTimeOffset Time = new(2022, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;

    private readonly List<TarEntry> _entries = [];

    public TestArchive File(string name, string content, UnixFileMode mode = Mode644)
    {
        TarEntry entry = name.Contains('\n', StringComparison.Ordinal) ? new GnuTarEntry(TarEntryType.RegularFile, name) : new PaxTarEntry(TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        entry.Mode = mode;
        entry.ModificationTime = Time;
        _entries.Add(entry);
        return this;
    }

    public TestArchive Directory(string name, UnixFileMode mode = Mode755)
    {
        _entries.Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = Time });
        return this;
    }

    public TestArchive Symlink(string name, string target)
    {
        _entries.Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = Time });
        return this;
    }

    public TestArchive CharacterDevice(string name)
    {
        _entries.Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = 1, DeviceMinor = 3, ModificationTime = Time });
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }
}
