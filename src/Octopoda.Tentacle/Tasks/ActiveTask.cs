using Octopoda.Protocol;
using Octopoda.Protocol.Agent;

namespace Octopoda.Tentacle.Tasks;

/// <summary>A task accepted by this Tentacle process and not yet ended: its dispatch, phase, cancellation and output.</summary>
internal sealed class ActiveTask : IDisposable
{
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActiveTask(TaskDispatch dispatch, long acceptedAtUnixMs, CancellationToken stopping)
    {
        Dispatch = dispatch;
        AcceptedAtUnixMs = acceptedAtUnixMs;
        Cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public TaskDispatch Dispatch { get; }

    public string Id => Dispatch.TaskId;

    public long AcceptedAtUnixMs { get; }

    /// <summary>Cancelled by <c>TaskCancel</c> (then <see cref="CancelReason"/> is set) or by the Tentacle stopping.</summary>
    public CancellationTokenSource Cancellation { get; }

    /// <summary>Guarded by the executor's lock.</summary>
    public ActivePhase Phase { get; set; }

    /// <summary>Set when the Brain cancelled the task (guarded by the executor's lock).</summary>
    public string? CancelReason { get; set; }

    /// <summary>Completes once the accept is durable and <c>TaskAccepted</c> went out; cancelled if the journal refused it.</summary>
    public Task Accepted => _accepted.Task;

    public OutputLog Stdout { get; } = new(ProtocolInfo.MaxCapturedOutputBytes);

    public OutputLog Stderr { get; } = new(ProtocolInfo.MaxCapturedOutputBytes);

    public ProcessStart? Start { get; set; }

    public OutputStreamer? Streamer { get; set; }

    /// <summary>
    /// Parallel, delayed (<c>xrun -d</c>) and aligned tasks run beside the ordered queue: a delay or a start instant
    /// must neither hold the queue up nor wait behind it.
    /// </summary>
    public bool RunsBesideQueue => Dispatch.Parallel || Dispatch.DelayMs > 0 || Dispatch.StartAtUnixMs is not null;

    public void MarkAccepted() => _accepted.TrySetResult();

    public void AcceptFailed() => _accepted.TrySetCanceled();

    /// <summary>Cancels; false when the task already ended and released its cancellation.</summary>
    public bool TryCancel()
    {
        try
        {
            Cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => Cancellation.Dispose();
}
