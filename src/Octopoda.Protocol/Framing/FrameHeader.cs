using System.Buffers.Binary;

namespace Octopoda.Protocol.Framing;

/// <summary>
/// The fixed 24-byte header in front of every frame, little-endian:
/// <c>[u16 kind][u16 flags][u32 payload length][u64 id][u64 correlation]</c>.
/// One frame is one WebSocket binary message; the length must equal the bytes that follow, which catches
/// truncated or concatenated frames.
/// </summary>
public readonly record struct FrameHeader(MessageKind Kind, FrameFlags Flags, int PayloadLength, long Id, long Correlation)
{
    /// <summary>Bytes in an encoded header.</summary>
    public const int Size = 24;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"Need {Size} bytes for a frame header.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)Kind);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], PayloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Id);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Correlation);
    }

    /// <summary>Reads a header; returns false when fewer than <see cref="Size"/> bytes are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out FrameHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = new FrameHeader(
            (MessageKind)BinaryPrimitives.ReadUInt16LittleEndian(source),
            (FrameFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]));
        return true;
    }
}
