using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Octopoda.Protocol.Agent;

namespace Octopoda.Protocol.Files;

/// <summary>
/// The receiving side of transfers over an agent link, used alike by a Tentacle fetching a <c>file.push</c> stream
/// from the Brain and by the Brain fetching a <c>file.pull</c> stream from a node. It asks the sender for ranges from
/// what the <see cref="ChunkSpool"/> already holds (so a cut link, or a restart, resumes instead of starting over),
/// keeps at most two ranges outstanding, and appends each chunk once its SHA-256 matches. When no chunk arrives for a
/// while it asks again from where it is, which is how it notices a link that came back. The link hands chunks in
/// through <see cref="Deliver"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChunkReceiver(TimeSpan silence)
{
    /// <summary>How much one request asks for.</summary>
    public const int RangeBytes = FileChunk.MaxRequestBytes;

    /// <summary>How long without a chunk before asking again.</summary>
    public static readonly TimeSpan DefaultSilence = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Channel<FileChunk>> _receivers = new(StringComparer.Ordinal);

    public ChunkReceiver()
        : this(DefaultSilence)
    {
    }

    /// <summary>Hands a chunk to the transfer waiting for it; chunks of no transfer being received are dropped.</summary>
    public void Deliver(FileChunk chunk)
    {
        if (_receivers.TryGetValue(chunk.TransferId, out var receiver))
        {
            receiver.Writer.TryWrite(chunk);
        }
    }

    /// <summary>
    /// Fills <paramref name="spool"/> up to <paramref name="totalBytes"/>. <paramref name="request"/> sends a range
    /// request to the sender and answers false when there is no link right now. Returns why it could not, or null.
    /// With <paramref name="giveUpAfter"/>, a sender silent for that long ends the transfer with the reason.
    /// </summary>
    public async Task<string?> ReceiveAsync(
        ChunkSpool spool,
        long totalBytes,
        Func<FileChunkRequest, Task<bool>> request,
        string sender,
        TimeSpan? giveUpAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(request);
        var channel = Channel.CreateBounded<FileChunk>(new BoundedChannelOptions(2 * RangeBytes / FileChunk.MaxDataBytes + 8)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        if (!_receivers.TryAdd(spool.TransferId, channel))
        {
            return $"transfer {spool.TransferId} is already being received";
        }

        try
        {
            return await ReceiveAsync(spool, totalBytes, channel.Reader, request, sender, giveUpAfter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _receivers.TryRemove(spool.TransferId, out _);
        }
    }

    private async Task<string?> ReceiveAsync(
        ChunkSpool spool,
        long total,
        ChannelReader<FileChunk> chunks,
        Func<FileChunkRequest, Task<bool>> request,
        string sender,
        TimeSpan? giveUpAfter,
        CancellationToken cancellationToken)
    {
        long requestedUntil = spool.Length;
        var silentSince = Environment.TickCount64;
        while (spool.Length < total)
        {
            // Keep up to two ranges in flight: ask for the next one once the first half of what was asked has arrived.
            if (requestedUntil < total && requestedUntil - spool.Length <= RangeBytes)
            {
                var from = Math.Max(requestedUntil, spool.Length);
                var length = (int)Math.Min(RangeBytes, total - from);
                if (await TryRequestAsync(request, new FileChunkRequest { TransferId = spool.TransferId, Offset = from, Length = length }).ConfigureAwait(false))
                {
                    requestedUntil = from + length;
                }
            }

            using var silent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            silent.CancelAfter(silence);
            FileChunk chunk;
            try
            {
                chunk = await chunks.ReadAsync(silent.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (giveUpAfter is { } limit && Environment.TickCount64 - silentSince >= limit.TotalMilliseconds)
                {
                    return $"{sender} sent nothing of transfer {spool.TransferId} for {limit.TotalSeconds:0} s ({spool.Length} of {total} bytes arrived)";
                }

                // Nothing for a while: the link was cut, a chunk was lost, or the sender restarted. Ask again from here.
                requestedUntil = spool.Length;
                continue;
            }

            silentSince = Environment.TickCount64;
            if (chunk.Error is { } error)
            {
                return $"{sender} could not send the file: {error}";
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

            // Its SHA-256 was checked when the frame was decoded.
            var appended = await spool.AppendCheckedAsync(chunk.Offset, chunk.Data, cancellationToken).ConfigureAwait(false);
            if (!appended.Succeeded)
            {
                return appended.Error;
            }
        }

        return null;
    }

    private static async Task<bool> TryRequestAsync(Func<FileChunkRequest, Task<bool>> request, FileChunkRequest wanted)
    {
        try
        {
            return await request(wanted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException or IOException)
        {
            // No link right now; the silence timer asks again.
            return false;
        }
    }
}
