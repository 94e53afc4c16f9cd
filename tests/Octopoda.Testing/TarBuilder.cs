using System.Formats.Tar;
using System.Text;

namespace Octopoda.Testing;

/// <summary>Writes test archives with the BCL's TarWriter (PAX), including entries no honest sender would make.</summary>
public sealed class TarBuilder
{
    public static readonly DateTimeOffset DefaultTime = new(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private const UnixFileMode FileMode644 = (UnixFileMode)0x1A4;
    private const UnixFileMode DirectoryMode755 = (UnixFileMode)0x1ED;

    private readonly List<TarEntry> _entries = [];

    public TarBuilder File(string name, string content, UnixFileMode mode = FileMode644, DateTimeOffset? modified = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, modified);

    public TarBuilder File(string name, byte[] content, UnixFileMode mode = FileMode644, DateTimeOffset? modified = null) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = mode, ModificationTime = modified ?? DefaultTime });

    /// <summary>
    /// A file as a GNU entry: System.Formats.Tar's reader splits PAX records at newlines, so a name holding one can
    /// only travel in a GNU (or ustar) header; senders write such entries that way.
    /// </summary>
    public TarBuilder GnuFile(string name, string content, UnixFileMode mode = FileMode644, DateTimeOffset? modified = null) =>
        Add(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode, ModificationTime = modified ?? DefaultTime });

    public TarBuilder Directory(string name, UnixFileMode mode = DirectoryMode755, DateTimeOffset? modified = null) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = modified ?? DefaultTime });

    public TarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = DefaultTime });

    public TarBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = DefaultTime });

    public TarBuilder CharacterDevice(string name, int major, int minor) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, ModificationTime = DefaultTime });

    public TarBuilder Fifo(string name) => Add(new PaxTarEntry(TarEntryType.Fifo, name) { ModificationTime = DefaultTime });

    public TarBuilder Add(TarEntry entry)
    {
        _entries.Add(entry);
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
