using Octopoda.Protocol.Files;
using Octopoda.Protocol.Framing;

namespace Octopoda.Protocol.Tests.Files;

public sealed class FileChunkTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Chunk_RoundTrips_ThroughABinaryFrame()
    {
        var data = new byte[FileChunk.MaxDataBytes];
        Random.Shared.NextBytes(data);
        var frame = FrameCodec.EncodeRaw(MessageKind.FileChunk, FrameFlags.Binary, 1, 0, FileChunk.Encode(Id, 5L << 32, data));

        Assert.Equal(FrameError.None, FrameCodec.TryDecode(frame, out var decoded));
        Assert.True(FileChunk.TryDecode(decoded.Payload, out var chunk, out var problem), problem);
        Assert.Equal((Id, 5L << 32, (string?)null), (chunk.TransferId, chunk.Offset, chunk.Error));
        Assert.Equal(data, chunk.Data.ToArray());
    }

    [Fact]
    public void EncodeFrame_IsTheSameFrameAsEncodingThePayloadThenTheFrame()
    {
        var data = "some bytes of a file"u8.ToArray();

        var frame = new byte[FileChunk.FrameLength(data.Length) + 100];
        var length = FileChunk.EncodeFrame(frame, 42, Id, 9000, data);

        Assert.Equal(FrameCodec.EncodeRaw(MessageKind.FileChunk, FrameFlags.Binary, 42, 0, FileChunk.Encode(Id, 9000, data)), frame[..length]);
    }

    [Fact]
    public void Chunk_WithAFlippedByte_IsRefusedNamingItsOffset()
    {
        var payload = FileChunk.Encode(Id, 1024, "hello, file"u8);
        payload[^1] ^= 0x01;

        Assert.False(FileChunk.TryDecode(payload, out _, out var problem));
        Assert.Equal($"the chunk at offset 1024 of transfer {Id} does not match its SHA-256", problem);
    }

    [Fact]
    public void ErrorChunk_CarriesTheReason()
    {
        Assert.True(FileChunk.TryDecode(FileChunk.EncodeError(Id, 7, "the transfer is gone"), out var chunk, out _));
        Assert.Equal("the transfer is gone", chunk.Error);
        Assert.True(chunk.Data.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(56)]
    public void Truncated_IsMalformed(int length) =>
        Assert.False(FileChunk.TryDecode(new byte[length], out _, out _));

    [Fact]
    public void Oversize_IsMalformed() =>
        Assert.False(FileChunk.TryDecode(new byte[57 + FileChunk.MaxDataBytes + 1], out _, out _));

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public void Encode_RefusesAnInvalidTransferId(string id) =>
        Assert.Throws<ArgumentException>(() => FileChunk.Encode(id, 0, "x"u8));
}
