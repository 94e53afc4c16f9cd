using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Octopoda.Protocol.Framing;

/// <summary>Encodes and validates frames. Pure functions: the transports own sockets and buffers.</summary>
public static class FrameCodec
{
    /// <summary>Encodes a JSON message into one frame.</summary>
    public static byte[] Encode<T>(MessageKind kind, long id, long correlation, T message, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, typeInfo);
        return EncodeRaw(kind, FrameFlags.None, id, correlation, payload);
    }

    /// <summary>Encodes a frame around an already-serialised payload.</summary>
    public static byte[] EncodeRaw(MessageKind kind, FrameFlags flags, long id, long correlation, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > ProtocolInfo.MaxFrameBytes - FrameHeader.Size)
        {
            throw new ArgumentException(
                $"A {kind} payload of {payload.Length} bytes exceeds the frame limit of {ProtocolInfo.MaxFrameBytes} bytes.",
                nameof(payload));
        }

        var frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(kind, flags, payload.Length, id, correlation).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }

    /// <summary>Validates the framing of one received message (not yet its payload).</summary>
    public static FrameError TryDecode(ReadOnlyMemory<byte> message, out Frame frame)
    {
        frame = default;
        if (message.Length > ProtocolInfo.MaxFrameBytes)
        {
            return FrameError.TooLarge;
        }

        if (!FrameHeader.TryRead(message.Span, out var header))
        {
            return FrameError.Truncated;
        }

        if (header.PayloadLength < 0 || header.PayloadLength != message.Length - FrameHeader.Size)
        {
            return FrameError.LengthMismatch;
        }

        if (!Enum.IsDefined(header.Kind) || header.Kind == MessageKind.None)
        {
            return FrameError.UnknownKind;
        }

        if ((header.Flags & ~FrameFlags.Binary) != 0)
        {
            return FrameError.UnknownFlags;
        }

        frame = new Frame(header, message[FrameHeader.Size..]);
        return FrameError.None;
    }

    /// <summary>Reads a frame's JSON payload; a payload that is not a <typeparamref name="T"/> yields false.</summary>
    public static bool TryReadPayload<T>(in Frame frame, JsonTypeInfo<T> typeInfo, out T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        value = null!;
        if ((frame.Header.Flags & FrameFlags.Binary) != 0)
        {
            return false;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(frame.Payload.Span, typeInfo);
            if (parsed is null)
            {
                return false;
            }

            value = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
