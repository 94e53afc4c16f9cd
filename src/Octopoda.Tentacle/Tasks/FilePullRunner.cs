using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Files;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs <c>file.pull</c> tasks: writes the file or directory named as a tar stream (the shared
/// <see cref="TreeArchiver"/>: modes, times, links as links) into <see cref="OutgoingStreams"/> as
/// <c>&lt;id&gt;.tar.part</c>, hashing it on the way, then fsyncs and renames it to <c>&lt;id&gt;.tar</c> and succeeds
/// with a <see cref="FileStreamInfo"/> as JSON on stdout. A stream already there (the task ran again after a restart)
/// is reused. Trees over <see cref="MaxEntries"/> entries are refused; a failure or a stop leaves no part behind.
/// </summary>
internal sealed class FilePullRunner(TentacleOptions options, OutgoingStreams outgoing, TimeProvider time, int maxEntries = FilePullRunner.MaxEntries)
{
    /// <summary>
    /// The most entries one pull archives: bounds the work and the stream's headers (1 to 2 KiB per entry, so about
    /// 200 MB of headers at most); a larger tree is better pulled in parts or archived on the node first.
    /// </summary>
    public const int MaxEntries = 100_000;

    // A new file, owner only (a stream may hold anything the node has). Never an existing one: whatever lies at the
    // part's path (a part a killed run left, or a link planted there) is removed first, not written through.
    private static readonly FileStreamOptions PartOptions = new()
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        Options = FileOptions.Asynchronous,
        BufferSize = 1 << 16,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    };

    private readonly PathVariables _paths = new(options);

    public async Task<ProcessOutcome> RunAsync(FilePullPayload payload, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var id = TransferIds.Check(payload.TransferId);
        if (!id.Succeeded)
        {
            return ProcessOutcome.NotStarted(id.Error + "; nothing was written");
        }

        var path = _paths.Resolve(payload.Path);
        if (!path.Succeeded)
        {
            return ProcessOutcome.NotStarted(path.Error);
        }

        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        try
        {
            var written = File.Exists(outgoing.PathFor(payload.TransferId))
                ? await ReuseAsync(payload.TransferId, cancellationToken)
                : await WriteAsync(payload.TransferId, path.Value, cancellationToken);
            return written.Error is { } error
                ? new ProcessOutcome { Error = error, Start = start }
                : new ProcessOutcome { ExitCode = 0, Stdout = JsonSerializer.Serialize(written.Info, ProtocolJsonContext.Default.FileStreamInfo), Stderr = written.Warnings, Start = start };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ProcessOutcome { Cancelled = true, Start = start };
        }
    }

    /// <summary>The stream a run before a restart wrote: hashed again, and given a fresh day before it is swept.</summary>
    private async Task<Written> ReuseAsync(string transferId, CancellationToken cancellationToken)
    {
        var final = outgoing.PathFor(transferId);
        try
        {
            await using var stream = new FileStream(final, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            File.SetLastWriteTimeUtc(final, time.GetUtcNow().UtcDateTime);
            return new Written(new FileStreamInfo { TotalBytes = stream.Length, Sha256 = Convert.ToHexStringLower(hash) }, null, "");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Written.Failed($"the stream {final} written before a restart cannot be read on {options.Name}: {ex.Message}");
        }
    }

    private async Task<Written> WriteAsync(string transferId, string path, CancellationToken cancellationToken)
    {
        var part = outgoing.PartPathFor(transferId);
        var warnings = new StringBuilder();
        var limit = new EntryLimit(maxEntries);
        var completed = false;
        try
        {
            var source = PullSource.Resolve(path, options.Name);
            if (!source.Succeeded)
            {
                return Written.Failed(source.Error);
            }

            outgoing.EnsureDirectory();
            File.Delete(part);
            FileStreamInfo info;
            await using (var file = new FileStream(part, PartOptions))
            {
                using var hashing = new HashingWriteStream(file);
                // Disposed only once the whole tree is in: disposing writes the end-of-archive blocks.
                var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true);
                // The part itself is never archived (a pull of a directory holding the data directory would meet it).
                var entries = limit.Apply(source.Value.Entries().Where(e => e.Info.FullName != part));
                await TreeArchiver.WriteAsync(tar, entries, _ => { }, (skipped, kind) => warnings.Append(SkippedWarning(skipped, kind)), cancellationToken);
                if (limit.Exceeded)
                {
                    return Written.Failed($"{FileErrors.Quote(path)} holds more than {maxEntries} entries, more than one pull sends: pull its subdirectories one at a time, or archive it on {options.Name} first");
                }

                await tar.DisposeAsync();
                await hashing.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                info = new FileStreamInfo { TotalBytes = hashing.Length, Sha256 = hashing.HashHex() };
            }

            File.Move(part, outgoing.PathFor(transferId), overwrite: true);
            completed = true;
            return new Written(info, null, warnings.ToString());
        }
        catch (IOException ex) when (FileErrors.IsDiskFull(ex))
        {
            return Written.Failed($"writing the stream of {FileErrors.Quote(path)} into {outgoing.Directory} failed: no space left on {options.Name} ({ex.Message}); free space there and pull again");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Written.Failed($"{FileErrors.Quote(path)} could not be archived on {options.Name}: {ex.Message}; nothing was sent");
        }
        finally
        {
            if (!completed)
            {
                TryDelete(part);
            }
        }
    }

    private static string SkippedWarning(string path, string kind) =>
        $"warning: skipping {FileErrors.Quote(path)}: it is {kind}; only files, directories and symbolic links are sent\n";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the sweeper, which removes parts after a day.
        }
    }

    /// <summary>A written (or reused) stream, or why there is none; skipped entries as warning lines.</summary>
    private sealed record Written(FileStreamInfo? Info, string? Error, string Warnings)
    {
        public static Written Failed(string error) => new(null, error, "");
    }

    /// <summary>Passes on at most <paramref name="max"/> entries and notes whether there were more.</summary>
    private sealed class EntryLimit(int max)
    {
        public bool Exceeded { get; private set; }

        public IEnumerable<T> Apply<T>(IEnumerable<T> entries)
        {
            var count = 0;
            foreach (var entry in entries)
            {
                if (++count > max)
                {
                    Exceeded = true;
                    yield break;
                }

                yield return entry;
            }
        }
    }
}
