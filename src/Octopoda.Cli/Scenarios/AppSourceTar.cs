using System.Formats.Tar;
using System.IO.Pipelines;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// An application's sources as the PAX tar stream a prepare sends, produced while it is sent (as
/// <see cref="Files.TarStreamSource"/> does for uploads): the <em>contents</em> of its sourcepath at the tar's top
/// level, so they land in the NodeApp directory itself, as the original's <c>sourcepath/.</c> did. An application
/// without a sourcepath sends an empty archive, so its NodeApp is still created and versioned. The tree is read
/// once, memory stays bounded, and a read failure ends the stream with that failure, never with a clean end.
/// </summary>
internal sealed class AppSourceTar : IAsyncDisposable
{
    /// <summary>The writer pauses when this much waits to be sent, and resumes at half (the reasoning is <see cref="Files.TarStreamSource"/>'s).</summary>
    private const long PauseBytes = 1024 * 1024;

    /// <summary>An archive without entries: its two zero end-of-archive blocks of 512 bytes.</summary>
    private const int EndOfArchiveBytes = 2 * 512;

    private static readonly EnumerationOptions EveryEntry = new()
    {
        // The defaults skip hidden entries, which on Unix are the dot files (.gitignore among them); send all of them.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        MatchType = MatchType.Simple,
    };

    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    private AppSourceTar(string app, string? directory, Action<long> progress, Action<string> warn)
    {
        Stream = _pipe.Reader.AsStream();
        _writer = Task.Run(() => WriteAsync(app, directory, progress, warn, _stop.Token));
    }

    /// <summary>The tar stream, to be read to its end once.</summary>
    public Stream Stream { get; }

    /// <summary>Starts archiving <paramref name="directory"/>'s contents (nothing when null).</summary>
    public static AppSourceTar Start(string app, string? directory, Action<long> progress, Action<string> warn) => new(app, directory, progress, warn);

    /// <summary>
    /// The entries of <paramref name="directory"/>'s contents with their names in the archive: each child at the top
    /// level (a sub-directory as <c>name/</c> and everything under it), in ordinal order; none for null.
    /// </summary>
    public static IEnumerable<(FileSystemInfo Info, string Name)> Entries(string? directory)
    {
        if (directory is null)
        {
            yield break;
        }

        foreach (var child in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var tree = child is DirectoryInfo && child.LinkTarget is null;
            foreach (var entry in ArchiveTree.Entries(child.FullName, child.Name, tree))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Stops the writer if it is still going (the upload ended early) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pipe.Reader.CompleteAsync();
        await _writer;
        _stop.Dispose();
    }

    private async Task WriteAsync(string app, string? directory, Action<long> progress, Action<string> warn, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var entries = Entries(directory).ToList() is { Count: > 0 } list ? list : null;
            var output = _pipe.Writer.AsStream(leaveOpen: true);
            if (entries is null)
            {
                // Written by hand: whether TarWriter ends an archive it wrote nothing to is not something to rely on.
                await output.WriteAsync(new byte[EndOfArchiveBytes], cancellationToken);
            }
            else
            {
                // Disposing the TarWriter writes the end-of-archive blocks, so it is disposed only once everything is in.
                var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
                await TreeArchiver.WriteAsync(
                    tar,
                    entries,
                    progress,
                    (path, kind) => warn($"skipping {path}: it is {kind}; only files, directories and symbolic links are sent"),
                    cancellationToken);
                await tar.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failure = new OctlUsageException($"cannot read the sources of application '{app}' ({directory}): {ex.Message}; nothing was prepared");
        }
        catch (Exception ex)
        {
            // Handed to the reader: the upload fails with it. Nothing is lost if no one reads any more.
            failure = ex;
        }

        await _pipe.Writer.CompleteAsync(failure);
    }
}
