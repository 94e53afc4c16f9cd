using System.Formats.Tar;
using System.IO.Pipelines;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// A tree as a PAX tar stream produced while it is sent: a background writer archives the entries into a pipe, and
/// <see cref="Stream"/> is the pipe's other end for the upload to read. The tree is read once, and memory stays
/// bounded whatever its size. A failure to read it ends <see cref="Stream"/> with that failure (an
/// <see cref="OctlUsageException"/> naming what could not be read), never with a clean end of archive, so the Brain
/// never takes a truncated tree for a whole one. Uploads send an <see cref="UploadSource"/>; a scenario's prepare
/// sends an application's sources (<see cref="Scenarios.AppSourceTar"/>).
/// </summary>
internal sealed class TarStreamSource : IAsyncDisposable
{
    /// <summary>
    /// The writer pauses when this much is waiting to be sent, and resumes at half. 1 MiB keeps a fast link busy
    /// between the writer's turns (about 10 ms of a 1 Gbit/s link) while the whole pipeline holds about that much
    /// plus TarWriter's 80 KiB copy buffer, however large the tree.
    /// </summary>
    private const long PauseBytes = 1024 * 1024;

    /// <summary>An archive without entries: its two zero end-of-archive blocks of 512 bytes.</summary>
    private const int EndOfArchiveBytes = 2 * 512;

    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    private TarStreamSource(
        Func<IEnumerable<(FileSystemInfo Info, string Name)>> entries, Func<Exception, string> unreadable, string sent, Action<long> progress, Action<string> warn)
    {
        Stream = _pipe.Reader.AsStream();
        _writer = Task.Run(() => WriteAsync(entries, unreadable, sent, progress, warn, _stop.Token));
    }

    /// <summary>The tar stream, to be read to its end once.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// Starts archiving <paramref name="source"/>; <paramref name="progress"/> gets the file bytes as they are read,
    /// and <paramref name="warn"/> each entry skipped (both from the writer's thread).
    /// </summary>
    public static TarStreamSource Start(UploadSource source, Action<long> progress, Action<string> warn) => new(
        source.Entries,
        ex => $"cannot read the {(source.IsDirectory ? "directory" : "file")} to upload: {ex.Message}; nothing was uploaded",
        "uploaded",
        progress,
        warn);

    /// <summary>
    /// Starts archiving <paramref name="entries"/> (names as in the archive; none makes an empty archive);
    /// <paramref name="unreadable"/> words a read failure, <paramref name="sent"/> what skipped entries are not.
    /// </summary>
    public static TarStreamSource Start(
        Func<IEnumerable<(FileSystemInfo Info, string Name)>> entries, Func<Exception, string> unreadable, string sent, Action<long> progress, Action<string> warn) =>
        new(entries, unreadable, sent, progress, warn);

    /// <summary>Stops the writer if it is still going (the upload ended early) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pipe.Reader.CompleteAsync();
        await _writer;
        _stop.Dispose();
    }

    private async Task WriteAsync(
        Func<IEnumerable<(FileSystemInfo Info, string Name)>> entries, Func<Exception, string> unreadable, string sent, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var output = _pipe.Writer.AsStream(leaveOpen: true);
            using var walked = entries().GetEnumerator();
            if (!walked.MoveNext())
            {
                // Written by hand: TarWriter ends only an archive it wrote an entry to.
                await output.WriteAsync(new byte[EndOfArchiveBytes], cancellationToken);
            }
            else
            {
                // Disposing the TarWriter writes the end-of-archive blocks, so it is disposed only once the whole tree
                // is in: after a failure there is nothing of its own to release (the pipe is completed below).
                var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
                await TreeArchiver.WriteAsync(
                    tar,
                    Rest(walked),
                    progress,
                    (path, kind) => warn($"skipping {path}: it is {kind}; only files, directories and symbolic links are {sent}"),
                    cancellationToken);
                await tar.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failure = new OctlUsageException(unreadable(ex));
        }
        catch (Exception ex)
        {
            // Handed to the reader: the upload fails with it. Nothing is lost if no one reads any more.
            failure = ex;
        }

        await _pipe.Writer.CompleteAsync(failure);
    }

    /// <summary>The entry the enumerator is on, then the rest: the tree is walked once.</summary>
    private static IEnumerable<(FileSystemInfo Info, string Name)> Rest(IEnumerator<(FileSystemInfo Info, string Name)> walked)
    {
        do
        {
            yield return walked.Current;
        }
        while (walked.MoveNext());
    }
}
