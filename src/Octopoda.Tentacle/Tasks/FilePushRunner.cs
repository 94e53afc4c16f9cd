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
        using var spool = opened.Value;
        var keepSpool = false;
        try
        {
            var received = await _receiver.ReceiveAsync(spool, payload.TotalBytes, request, "the Brain", giveUpAfter: null, cancellationToken);
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
