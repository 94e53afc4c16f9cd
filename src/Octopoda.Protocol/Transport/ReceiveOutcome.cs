using Octopoda.Protocol.Framing;

namespace Octopoda.Protocol.Transport;

/// <summary>What one receive on a <see cref="FrameConnection"/> produced: a frame, a framing error, or the end.</summary>
public readonly record struct ReceiveOutcome(Frame Frame, FrameError Error, bool Closed, string? CloseReason)
{
    /// <summary>A good frame.</summary>
    public bool HasFrame => !Closed && Error == FrameError.None;

    internal static ReceiveOutcome Of(Frame frame) => new(frame, FrameError.None, false, null);

    internal static ReceiveOutcome Failed(FrameError error) => new(default, error, false, null);

    internal static ReceiveOutcome Ended(string? reason) => new(default, FrameError.None, true, reason);
}
