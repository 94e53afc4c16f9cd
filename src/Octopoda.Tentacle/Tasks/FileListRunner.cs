using System.Text.Json;
using Octopoda.Protocol;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Files;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs <c>file.list</c> tasks: the listing of a directory (at most <see cref="FileListPayload.MaxEntries"/> entries
/// by name) or of the one file or link named, as <see cref="FileListing"/> JSON on stdout. No shell is involved.
/// </summary>
internal sealed class FileListRunner(TentacleOptions options, TimeProvider time)
{
    /// <summary>
    /// The largest listing sent: the captured-output bound of any task. 5,000 entries of ordinary names take about
    /// 750 KB; long names with many escaped characters could take several MB, more than a frame carries, so such a
    /// listing is cut to fit (and marked truncated).
    /// </summary>
    private const int MaxJsonBytes = ProtocolInfo.MaxCapturedOutputBytes;

    private readonly PathVariables _paths = new(options);

    public Task<ProcessOutcome> RunAsync(FileListPayload payload, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var path = _paths.Resolve(payload.Path);
        if (!path.Succeeded)
        {
            return Task.FromResult(ProcessOutcome.NotStarted(path.Error));
        }

        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        try
        {
            var listing = NodeListing.List(path.Value, options.Name, FileListPayload.MaxEntries, cancellationToken);
            return Task.FromResult(listing.Succeeded
                ? new ProcessOutcome { ExitCode = 0, Stdout = ToJson(listing.Value), Start = start }
                : new ProcessOutcome { Error = listing.Error, Start = start });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(new ProcessOutcome { Cancelled = true, Start = start });
        }
    }

    /// <summary>The listing as JSON, with entries dropped from the end (and marked truncated) until it fits.</summary>
    internal static string ToJson(FileListing listing)
    {
        while (true)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(listing, ProtocolJsonContext.Default.FileListing);
            if (json.Length <= MaxJsonBytes || listing.Entries.Count == 0)
            {
                return System.Text.Encoding.UTF8.GetString(json);
            }

            // Keep the share of entries that fits, less a margin, so this settles in a pass or two.
            var keep = (int)(listing.Entries.Count * (MaxJsonBytes * 0.95 / json.Length));
            listing = listing with { Entries = [.. listing.Entries.Take(Math.Min(keep, listing.Entries.Count - 1))], Truncated = true };
        }
    }
}
