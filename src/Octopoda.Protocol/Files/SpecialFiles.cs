using System.Formats.Tar;

namespace Octopoda.Protocol.Files;

/// <summary>
/// Tells regular files from FIFOs, sockets and device nodes, which receivers refuse. .NET's file APIs do not expose
/// the file type, but <see cref="TarWriter"/> reads it (lstat) to pick an entry type, so an empty-looking file is
/// archived into a scratch buffer and its entry type read back. Only files of length 0 need that: on Linux the special
/// files all report 0, and a file of any other length is regular.
/// </summary>
public static class SpecialFiles
{
    /// <summary>What <paramref name="file"/> is (<c>a FIFO</c>, <c>a socket</c>…), or null when it is a regular file.</summary>
    public static string? Describe(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > 0)
        {
            return null;
        }

        using var scratch = new MemoryStream();
        using (var writer = new TarWriter(scratch, TarEntryFormat.Pax, leaveOpen: true))
        {
            try
            {
                // Reads nothing: the file is empty, and TarWriter opens no FIFO or device.
                writer.WriteEntry(file.FullName, "probe");
            }
            catch (UnauthorizedAccessException)
            {
                // TarWriter opens only regular files, so this is one (that cannot be read: the archiver will say so).
                return null;
            }
            catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException))
            {
                // TarWriter has no entry type for a socket (nor for anything else unusual).
                return "a socket or another special file";
            }
        }

        scratch.Position = 0;
        using var reader = new TarReader(scratch);
        return reader.GetNextEntry()?.EntryType switch
        {
            TarEntryType.Fifo => "a FIFO",
            TarEntryType.CharacterDevice => "a character device",
            TarEntryType.BlockDevice => "a block device",
            _ => null,
        };
    }
}
