using System.Formats.Tar;
using System.IO.Pipelines;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// An <see cref="UploadSource"/> as a PAX tar stream produced while it is sent: a background writer archives the
/// source into a pipe, and <see cref="Stream"/> is the pipe's other end for the upload to read. The source is read
/// once, and memory stays bounded whatever its size. A failure to read the source ends <see cref="Stream"/> with
/// that failure (an <see cref="OctlUsageException"/> naming the file), never with a clean end of archive, so the
/// Brain never takes a truncated tree for a whole one.
/// </summary>
internal sealed class TarStreamSource : IAsyncDisposable
{
    /// <summary>
    /// The writer pauses when this much is waiting to be sent, and resumes at half. 1 MiB keeps a fast link busy
    /// between the writer's turns (about 10 ms of a 1 Gbit/s link) while the whole pipeline holds about that much
    /// plus TarWriter's 80 KiB copy buffer, however large the tree.
    /// </summary>
    private const long PauseBytes = 1024 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    private TarStreamSource(UploadSource source, Action<long> progress, Action<string> warn)
    {
        Stream = _pipe.Reader.AsStream();
        _writer = Task.Run(() => WriteAsync(source, progress, warn, _stop.Token));
    }

    /// <summary>The tar stream, to be read to its end once.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// Starts archiving <paramref name="source"/>; <paramref name="progress"/> gets the file bytes as they are read,
    /// and <paramref name="warn"/> each entry skipped (both from the writer's thread).
    /// </summary>
    public static TarStreamSource Start(UploadSource source, Action<long> progress, Action<string> warn) => new(source, progress, warn);

    /// <summary>Stops the writer if it is still going (the upload ended early) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pipe.Reader.CompleteAsync();
        await _writer;
        _stop.Dispose();
    }

    private async Task WriteAsync(UploadSource source, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            // Disposing the TarWriter writes the end-of-archive blocks, so it is disposed only once the whole tree is in:
            // after a failure there is nothing of its own to release (the pipe is completed below).
            var tar = new TarWriter(_pipe.Writer.AsStream(leaveOpen: true), TarEntryFormat.Pax, leaveOpen: true);
            await ArchiveAsync(tar, source, progress, warn, cancellationToken);
            await tar.DisposeAsync();
        }
        catch (Exception ex)
        {
            // Handed to the reader: the upload fails with it. Nothing is lost if no one reads any more.
            failure = ex;
        }

        await _pipe.Writer.CompleteAsync(failure);
    }

    /// <summary>Archives the source; a file or directory that cannot be read is an <see cref="OctlUsageException"/> naming it.</summary>
    private static async Task ArchiveAsync(TarWriter tar, UploadSource source, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        try
        {
            await TreeArchiver.WriteAsync(
                tar,
                source.Entries(),
                progress,
                (path, kind) => warn($"skipping {path}: it is {kind}; only files, directories and symbolic links are uploaded"),
                cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot read the {(source.IsDirectory ? "directory" : "file")} to upload: {ex.Message}; nothing was uploaded");
        }
    }
}
