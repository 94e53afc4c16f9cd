namespace Octopoda.Protocol.Framing;

/// <summary>A decoded frame: its header and a view of its payload (valid only while the receive buffer is).</summary>
public readonly record struct Frame(FrameHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The kind of message carried.</summary>
    public MessageKind Kind => Header.Kind;
}
