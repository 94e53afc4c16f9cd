using System.Formats.Tar;
using System.Security.Cryptography;

namespace Octopoda.Cli.Tests.Files;

/// <summary>Reads a tar stream back entry by entry as it arrives, as the Brain and the nodes would.</summary>
internal static class TarContents
{
    /// <summary>Files up to this size are kept whole in <see cref="ReceivedEntry.Content"/>; larger ones only hashed.</summary>
    private const int KeepBytes = 1024 * 1024;

    /// <summary>Every entry of <paramref name="tar"/>, read to its end; <paramref name="onData"/> sees each block of file data.</summary>
    public static async Task<IReadOnlyList<ReceivedEntry>> ReadAsync(Stream tar, Action<long>? onData = null)
    {
        var entries = new List<ReceivedEntry>();
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var kept = new MemoryStream();
            long length = 0;
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[64 * 1024];
                while (await data.ReadAsync(buffer) is var read and > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    if (length + read <= KeepBytes)
                    {
                        kept.Write(buffer, 0, read);
                    }

                    length += read;
                    onData?.Invoke(length);
                }
            }

            entries.Add(new ReceivedEntry(
                entry.Name, entry.EntryType, entry.Mode, entry.ModificationTime, entry.LinkName, length,
                length <= KeepBytes ? kept.ToArray() : null, Convert.ToHexStringLower(hash.GetHashAndReset())));
        }

        return entries;
    }
}
