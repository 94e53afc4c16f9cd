using System.Collections.Concurrent;
using System.Threading.Channels;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Files;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs <c>file.push</c> tasks: asks the Brain for the transfer's stream in ranges from what the node's
/// <see cref="ChunkSpool"/> already holds (so a cut link, or a Brain restart, resumes instead of starting over),
/// keeps at most two ranges outstanding, checks the whole stream's SHA-256, then extracts and places it with
/// <see cref="FileInstaller"/>. When no chunk arrives for a while it asks again from where it is, which is how it
/// notices a link that came back.
/// </summary>
internal sealed class FilePushRunner(TentacleOptions options, TimeProvider time)
{
    private const int RangeBytes = FileChunk.MaxRequestBytes;

    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(5);

    private readonly PathVariables _paths = new(options);
    private readonly FileInstaller _installer = new(new SafeExtractor());
    private readonly ConcurrentDictionary<string, Channel<FileChunk>> _receivers = new(StringComparer.Ordinal);

    /// <summary>Hands a chunk from the Brain to the transfer waiting for it; chunks of no running transfer are dropped.</summary>
    public void Deliver(FileChunk chunk)
    {
        if (_receivers.TryGetValue(chunk.TransferId, out var receiver))
        {
            receiver.Writer.TryWrite(chunk);
        }
    }

    public async Task<ProcessOutcome> RunAsync(FilePushPayload payload, Func<FileChunkRequest, Task> request, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        if (!FileChunk.IsValidTransferId(payload.TransferId) || payload.TotalBytes < 0 || payload.Sha256 is not { Length: 64 })
        {
            return ProcessOutcome.NotStarted("the file transfer's id, size or checksum is malformed; nothing was written");
        }

        var target = _paths.Resolve(payload.TargetDirectory);
        if (!target.Succeeded)
        {
            return ProcessOutcome.NotStarted(target.Error);
        }

        var opened = ChunkSpool.Open(options.DataDirectory, payload.TransferId);
        if (!opened.Succeeded)
        {
            return ProcessOutcome.NotStarted(opened.Error);
        }

        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        var receiver = Channel.CreateBounded<FileChunk>(new BoundedChannelOptions(2 * RangeBytes / FileChunk.MaxDataBytes + 8)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _receivers[payload.TransferId] = receiver;
        using var spool = opened.Value;
        var keepSpool = false;
        try
        {
            var received = await ReceiveAsync(spool, payload, receiver.Reader, request, cancellationToken);
            if (received is not null)
            {
                return new ProcessOutcome { Error = received, Start = start };
            }

            var verified = await spool.VerifyAsync(payload.TotalBytes, Convert.FromHexString(payload.Sha256), cancellationToken);
            if (!verified.Succeeded)
            {
                return new ProcessOutcome { Error = verified.Error, Start = start };
            }

            var placed = await _installer.InstallAsync(spool.Path, target.Value, payload.Force, payload.TransferId, payload.TotalBytes, cancellationToken);
            if (!placed.Succeeded)
            {
                return new ProcessOutcome { Error = placed.Error, Start = start };
            }

            var report = $"placed {string.Join(", ", placed.Value.Names)} in {target.Value} ({payload.TotalBytes} bytes received)\n"
                + string.Concat(placed.Value.Warnings.Select(w => $"warning: {w}\n"));
            return new ProcessOutcome { ExitCode = 0, Start = start, Stdout = report };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped or cancelled: what arrived stays in the spool, verified, for a run after a restart.
            keepSpool = true;
            return new ProcessOutcome { Cancelled = true, Start = start };
        }
        finally
        {
            _receivers.TryRemove(payload.TransferId, out _);
            if (!keepSpool)
            {
                spool.Delete();
            }
        }
    }

    /// <summary>Fills the spool up to the stream's length; returns why it could not, or null.</summary>
    private async Task<string?> ReceiveAsync(ChunkSpool spool, FilePushPayload payload, ChannelReader<FileChunk> chunks, Func<FileChunkRequest, Task> request, CancellationToken cancellationToken)
    {
        var total = payload.TotalBytes;
        long requestedUntil = spool.Length;
        while (spool.Length < total)
        {
            // Keep up to two ranges in flight: ask for the next one once the first half of what was asked has arrived.
            if (requestedUntil < total && requestedUntil - spool.Length <= RangeBytes)
            {
                var from = Math.Max(requestedUntil, spool.Length);
                var length = (int)Math.Min(RangeBytes, total - from);
                if (await TryRequestAsync(request, new FileChunkRequest { TransferId = payload.TransferId, Offset = from, Length = length }))
                {
                    requestedUntil = from + length;
                }
            }

            using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            silence.CancelAfter(Silence);
            FileChunk chunk;
            try
            {
                chunk = await chunks.ReadAsync(silence.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing for a while: the link was cut, a chunk was lost, or the Brain restarted. Ask again from here.
                requestedUntil = spool.Length;
                continue;
            }

            if (chunk.Error is { } error)
            {
                return $"the Brain could not send the file: {error}";
            }

            if (chunk.Offset + chunk.Data.Length <= spool.Length)
            {
                continue;
            }

            if (chunk.Offset > spool.Length)
            {
                // A gap: something before it was lost. Drop what is in flight and ask again from where the spool ends.
                requestedUntil = spool.Length;
                continue;
            }

            var appended = await spool.AppendAsync(chunk.Offset, chunk.Data, System.Security.Cryptography.SHA256.HashData(chunk.Data.Span), cancellationToken);
            if (!appended.Succeeded)
            {
                return appended.Error;
            }
        }

        return null;
    }

    private static async Task<bool> TryRequestAsync(Func<FileChunkRequest, Task> request, FileChunkRequest wanted)
    {
        try
        {
            await request(wanted);
            return true;
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // No link right now; the silence timer asks again.
            return false;
        }
    }
}
