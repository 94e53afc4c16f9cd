namespace Octopoda.Protocol.Framing;

/// <summary>Why a received frame was rejected. Any of these closes the connection that sent it.</summary>
public enum FrameError
{
    /// <summary>The frame is fine.</summary>
    None = 0,

    /// <summary>Fewer bytes than a header.</summary>
    Truncated,

    /// <summary>The header's length does not match the bytes that followed.</summary>
    LengthMismatch,

    /// <summary>Larger than <see cref="ProtocolInfo.MaxFrameBytes"/>.</summary>
    TooLarge,

    /// <summary>A kind this build does not know.</summary>
    UnknownKind,

    /// <summary>Flag bits this build does not know.</summary>
    UnknownFlags,

    /// <summary>The payload is not the JSON the kind requires.</summary>
    MalformedPayload,

    /// <summary>A text WebSocket message, where only binary frames are allowed.</summary>
    NotBinary,
}
