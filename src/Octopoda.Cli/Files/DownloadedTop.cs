using System.Formats.Tar;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// Checks, before anything is extracted, that a downloaded archive holds what was asked for: one top-level entry,
/// named as the remote path's last name when that is known. A node could send anything; without this, a download
/// into a home directory could place a <c>.bashrc</c> beside what was asked for. Names are checked by the
/// extractor's rules (<see cref="ArchiveNames"/>) on the way; links, devices and the rest are
/// <see cref="SafeExtractor"/>'s to refuse.
/// </summary>
internal static class DownloadedTop
{
    /// <summary>
    /// The name a download of <paramref name="remotePath"/> must arrive as, or null when the path alone does not say
    /// (<c>/</c>, <c>.</c>, a bare path variable such as <c>@fstore</c>, whose directory only the node knows).
    /// </summary>
    public static string? ExpectedName(string remotePath)
    {
        var trimmed = remotePath.TrimEnd('/');
        var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return name is "" or "." or ".." || name.StartsWith('@') ? null : name;
    }

    /// <summary>Reads the archive's entry headers (skipping file data) and says whether it may be placed.</summary>
    public static async Task<FileReceiveResult> CheckAsync(string archivePath, string? expectedName, CancellationToken cancellationToken)
    {
        var tops = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            var archive = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous);
            await using (archive)
            {
                await using var reader = new TarReader(archive);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
                    {
                        continue;
                    }

                    // The extractor's own rule and reason, found here first.
                    if (!ArchiveNames.TrySplit(entry.Name, out var segments, out var error))
                    {
                        return FileReceiveResult.Fail(FileFailure.UnsafeArchive, $"{error}; nothing was placed");
                    }

                    if (segments.Length > 0)
                    {
                        tops.Add(segments[0]);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            return FileReceiveResult.Fail(FileFailure.Corrupt, $"the downloaded archive cannot be read ({ex.Message})");
        }

        if (tops.Count == 0)
        {
            return FileReceiveResult.Fail(FileFailure.UnsafeArchive, "the downloaded archive holds no entry to place");
        }

        if (tops.Count > 1)
        {
            return FileReceiveResult.Fail(FileFailure.UnsafeArchive,
                $"the downloaded archive holds {tops.Count} top-level entries ({string.Join(", ", tops.Take(5).Select(t => $"'{FileErrors.Quote(t)}'"))}) where one was asked for; nothing was placed");
        }

        var top = tops.Min!;
        return expectedName is null || string.Equals(top, expectedName, StringComparison.Ordinal)
            ? FileReceiveResult.Success
            : FileReceiveResult.Fail(FileFailure.UnsafeArchive,
                $"the downloaded archive holds '{FileErrors.Quote(top)}' where '{FileErrors.Quote(expectedName)}' was asked for; nothing was placed");
    }
}
