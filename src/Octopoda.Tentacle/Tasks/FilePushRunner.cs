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
/// notices a link that came back. After a Tentacle restart the task runs again and resumes from the spool.
/// </summary>
internal sealed class FilePushRunner(TentacleOptions options, TimeProvider time)
{
    private readonly PathVariables _paths = new(options);
    private readonly FileInstaller _installer = new(new SafeExtractor());
    private readonly ChunkReceiver _receiver = new();

    /// <summary>Hands a chunk from the Brain to the transfer waiting for it; chunks of no running transfer are dropped.</summary>
    public void Deliver(FileChunk chunk) => _receiver.Deliver(chunk);

    /// <summary>
    /// Receives, verifies and places one transfer. Cancelled because the Tentacle is stopping
    /// (<paramref name="stopping"/>), it keeps its spool so the run after the restart resumes from it; cancelled by
    /// the Brain, or ended any other way, it removes the spool.
    /// </summary>
    public async Task<ProcessOutcome> RunAsync(
        FilePushPayload payload, Func<FileChunkRequest, Task<bool>> request, ProcessHooks hooks, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var target = _paths.Resolve(payload.TargetDirectory);
        if (!target.Succeeded)
        {
            return ProcessOutcome.NotStarted(target.Error);
        }

        return await ReceiveAsync(payload.TransferId, payload.TotalBytes, payload.Sha256, request, hooks, stopping, PlaceAsync, cancellationToken);

        async Task<ProcessOutcome> PlaceAsync(string archive, ProcessStart start, CancellationToken placing)
        {
            var placed = await _installer.InstallAsync(archive, target.Value, payload.Force, payload.TransferId, payload.TotalBytes, placing);
            if (!placed.Succeeded)
            {
                return new ProcessOutcome { Error = placed.Error, Start = start };
            }

            var report = $"placed {string.Join(", ", placed.Value.Names)} in {target.Value} ({payload.TotalBytes} bytes received)\n"
                + string.Concat(placed.Value.Warnings.Select(w => $"warning: {w}\n"));
            return new ProcessOutcome { ExitCode = 0, Start = start, Stdout = report };
        }
    }

    /// <summary>
    /// Receives and verifies one transfer's stream into the node's spool (resuming from what it holds), then hands the
    /// spooled archive to <paramref name="place"/>: a file push installs it, a NodeApp prepare lays it over the NodeApp.
    /// Stopping keeps the spool for the run after the restart; any other end removes it.
    /// </summary>
    public async Task<ProcessOutcome> ReceiveAsync(
        string transferId,
        long totalBytes,
        string sha256,
        Func<FileChunkRequest, Task<bool>> request,
        ProcessHooks hooks,
        CancellationToken stopping,
        Func<string, ProcessStart, CancellationToken, Task<ProcessOutcome>> place,
        CancellationToken cancellationToken)
    {
        if (!FileChunk.IsValidTransferId(transferId) || totalBytes < 0 || sha256 is not { Length: 64 })
        {
            return ProcessOutcome.NotStarted("the file transfer's id, size or checksum is malformed; nothing was written");
        }

        var opened = ChunkSpool.Open(options.DataDirectory, transferId);
        if (!opened.Succeeded)
        {
            return ProcessOutcome.NotStarted(opened.Error);
        }

        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        using var spool = opened.Value;
        var keepSpool = false;
        try
        {
            var received = await _receiver.ReceiveAsync(spool, totalBytes, request, "the Brain", giveUpAfter: null, cancellationToken);
            if (received is not null)
            {
                return new ProcessOutcome { Error = received, Start = start };
            }

            var verified = await spool.VerifyAsync(totalBytes, Convert.FromHexString(sha256), cancellationToken);
            if (!verified.Succeeded)
            {
                return new ProcessOutcome { Error = verified.Error, Start = start };
            }

            return await place(spool.Path, start, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what arrived stays in the spool, verified, for the run after the restart (a process that is
            // killed keeps it too). A cancel from the Brain ends the transfer for good.
            keepSpool = stopping.IsCancellationRequested;
            return new ProcessOutcome { Cancelled = true, Start = start };
        }
        finally
        {
            if (!keepSpool)
            {
                spool.Delete();
            }
        }
    }
}
