namespace Octopoda.Protocol.Framing;

/// <summary>Bits in a frame header. Unknown bits make a frame malformed, so new ones need a protocol version.</summary>
[Flags]
public enum FrameFlags : ushort
{
    /// <summary>A JSON payload.</summary>
    None = 0,

    /// <summary>The payload is raw bytes (file chunks), not JSON.</summary>
    Binary = 1,
}
