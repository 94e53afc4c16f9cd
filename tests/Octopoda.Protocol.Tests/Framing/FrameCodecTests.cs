using Octopoda.Protocol;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Protocol.Tests.Framing;

public sealed class FrameCodecTests
{
    [Fact]
    public void EncodeThenDecode_RoundTripsHeaderAndPayload()
    {
        var frame = FrameCodec.Encode(MessageKind.TaskResult, 42, 7, new TaskResult
        {
            TaskId = "abc",
            State = TaskState.Failed,
            ExitCode = 3,
            Stderr = "oops",
            FinishedAtUnixMs = 1234,
        }, ProtocolJsonContext.Default.TaskResult);

        Assert.Equal(FrameError.None, FrameCodec.TryDecode(frame, out var decoded));
        Assert.Equal(new FrameHeader(MessageKind.TaskResult, FrameFlags.None, frame.Length - FrameHeader.Size, 42, 7), decoded.Header);
        Assert.True(FrameCodec.TryReadPayload(decoded, ProtocolJsonContext.Default.TaskResult, out var result));
        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops", result.Stderr);
    }

    [Fact]
    public void Payload_UsesLowerCaseStateNames()
    {
        var frame = FrameCodec.Encode(MessageKind.TaskResult, 1, 0, new TaskResult { TaskId = "t", State = TaskState.Succeeded, FinishedAtUnixMs = 1 }, ProtocolJsonContext.Default.TaskResult);

        Assert.Contains("\"state\":\"succeeded\"", System.Text.Encoding.UTF8.GetString(frame.AsSpan(FrameHeader.Size)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, FrameError.Truncated)]
    [InlineData(10, FrameError.Truncated)]
    public void TryDecode_ShortInput_IsTruncated(int length, FrameError expected) =>
        Assert.Equal(expected, FrameCodec.TryDecode(new byte[length], out _));

    [Fact]
    public void TryDecode_LengthThatLies_IsRejected()
    {
        var frame = FrameCodec.EncodeRaw(MessageKind.Heartbeat, FrameFlags.None, 1, 0, "{}"u8);

        Assert.Equal(FrameError.LengthMismatch, FrameCodec.TryDecode(frame.AsMemory(0, frame.Length - 1), out _));
        Assert.Equal(FrameError.LengthMismatch, FrameCodec.TryDecode(frame.Concat(new byte[] { 0 }).ToArray(), out _));
    }

    [Fact]
    public void TryDecode_UnknownKindOrFlags_IsRejected()
    {
        var unknownKind = FrameCodec.EncodeRaw((MessageKind)4242, FrameFlags.None, 1, 0, "{}"u8);
        var none = FrameCodec.EncodeRaw(MessageKind.None, FrameFlags.None, 1, 0, "{}"u8);
        var flags = FrameCodec.EncodeRaw(MessageKind.Hello, (FrameFlags)0x40, 1, 0, "{}"u8);

        Assert.Equal(FrameError.UnknownKind, FrameCodec.TryDecode(unknownKind, out _));
        Assert.Equal(FrameError.UnknownKind, FrameCodec.TryDecode(none, out _));
        Assert.Equal(FrameError.UnknownFlags, FrameCodec.TryDecode(flags, out _));
    }

    [Fact]
    public void TryDecode_Oversize_IsRejectedWithoutParsing() =>
        Assert.Equal(FrameError.TooLarge, FrameCodec.TryDecode(new byte[ProtocolInfo.MaxFrameBytes + 1], out _));

    [Theory]
    [InlineData("{\"nodeName\": 12,")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("\u0000\u0001")]
    public void TryReadPayload_MalformedJson_ReturnsFalse(string json)
    {
        var frame = FrameCodec.EncodeRaw(MessageKind.Hello, FrameFlags.None, 1, 0, System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(FrameError.None, FrameCodec.TryDecode(frame, out var decoded));

        Assert.False(FrameCodec.TryReadPayload(decoded, ProtocolJsonContext.Default.Hello, out Hello _));
    }

    [Fact]
    public void Encode_PayloadOverTheLimit_Throws() =>
        Assert.Throws<ArgumentException>(() => FrameCodec.EncodeRaw(MessageKind.TaskOutput, FrameFlags.None, 1, 0, new byte[ProtocolInfo.MaxFrameBytes]));
}
