using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Octopoda.Protocol.Files;

/// <summary>
/// A piece of a transfer's stream, sent as a binary frame: 16 bytes of transfer id, the offset (8 bytes, big-endian),
/// the SHA-256 of the data (32 bytes), a status byte, then the data (or, with a non-zero status, a UTF-8 error).
/// The receiver checks the hash before it writes a byte.
/// </summary>
public readonly record struct FileChunk(string TransferId, long Offset, ReadOnlyMemory<byte> Data, string? Error)
{
    /// <summary>Largest data in one chunk.</summary>
    public const int MaxDataBytes = 256 * 1024;

    /// <summary>Largest range one <see cref="Agent.FileChunkRequest"/> may ask for.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;

    private const int IdBytes = 16;
    private const int HeaderBytes = IdBytes + 8 + 32 + 1;

    /// <summary>The length of the whole frame carrying <paramref name="dataLength"/> bytes of data.</summary>
    public static int FrameLength(int dataLength) => Framing.FrameHeader.Size + HeaderBytes + dataLength;

    /// <summary>Writes the whole <see cref="Framing.MessageKind.FileChunk"/> frame into <paramref name="frame"/> (at least <see cref="FrameLength"/> bytes); returns its length.</summary>
    public static int EncodeFrame(Span<byte> frame, long frameId, string transferId, long offset, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxDataBytes);
        new Framing.FrameHeader(Framing.MessageKind.FileChunk, Framing.FrameFlags.Binary, HeaderBytes + data.Length, frameId, 0).Write(frame);
        var payload = frame[Framing.FrameHeader.Size..];
        WriteHeader(payload, transferId, offset, status: 0);
        SHA256.HashData(data, payload.Slice(IdBytes + 8, 32));
        data.CopyTo(payload[HeaderBytes..]);
        return FrameLength(data.Length);
    }

    /// <summary>Encodes a chunk of data; <paramref name="data"/> is at most <see cref="MaxDataBytes"/>.</summary>
    public static byte[] Encode(string transferId, long offset, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxDataBytes);
        var payload = Header(transferId, offset, data.Length, status: 0);
        SHA256.HashData(data, payload.AsSpan(IdBytes + 8, 32));
        data.CopyTo(payload.AsSpan(HeaderBytes));
        return payload;
    }

    /// <summary>Encodes the answer to a range that cannot be served (the transfer is gone, the range is past its end).</summary>
    public static byte[] EncodeError(string transferId, long offset, string error)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(error.Length > 1024 ? error[..1024] : error);
        var payload = Header(transferId, offset, text.Length, status: 1);
        text.CopyTo(payload.AsSpan(HeaderBytes));
        return payload;
    }

    /// <summary>Decodes and checks a chunk; false (with why) when it is malformed or its data does not match its hash.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, out FileChunk chunk, out string? problem)
    {
        chunk = default;
        var span = payload.Span;
        if (span.Length < HeaderBytes || span.Length - HeaderBytes > MaxDataBytes)
        {
            problem = $"a file chunk of {span.Length} bytes is malformed";
            return false;
        }

        var id = Convert.ToHexStringLower(span[..IdBytes]);
        var offset = BinaryPrimitives.ReadInt64BigEndian(span.Slice(IdBytes, 8));
        var status = span[IdBytes + 8 + 32];
        var data = payload[HeaderBytes..];
        if (offset < 0 || status > 1)
        {
            problem = "a file chunk has a negative offset or an unknown status";
            return false;
        }

        if (status == 1)
        {
            chunk = new FileChunk(id, offset, ReadOnlyMemory<byte>.Empty, System.Text.Encoding.UTF8.GetString(data.Span));
            problem = null;
            return true;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data.Span, hash);
        if (!hash.SequenceEqual(span.Slice(IdBytes + 8, 32)))
        {
            problem = $"the chunk at offset {offset} of transfer {id} does not match its SHA-256";
            return false;
        }

        chunk = new FileChunk(id, offset, data, null);
        problem = null;
        return true;
    }

    /// <summary>True for a valid transfer id: 32 lower-case hex digits.</summary>
    public static bool IsValidTransferId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private static byte[] Header(string transferId, long offset, int dataLength, byte status)
    {
        var payload = new byte[HeaderBytes + dataLength];
        WriteHeader(payload, transferId, offset, status);
        return payload;
    }

    private static void WriteHeader(Span<byte> payload, string transferId, long offset, byte status)
    {
        if (!IsValidTransferId(transferId))
        {
            throw new ArgumentException("A transfer id is 32 lower-case hex digits.", nameof(transferId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Convert.FromHexString(transferId, payload[..IdBytes], out _, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(IdBytes, 8), offset);
        payload[IdBytes + 8 + 32] = status;
    }
}
