using System.Net.WebSockets;
using System.Text;
using Octopoda.Protocol;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Gateway;

/// <summary>Garbage on one agent connection closes that connection with a reason; everyone else is still served.</summary>
public sealed class MalformedFrameTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private string _joinToken = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(2);
        _joinToken = (await _cluster.Brain.CreateJoinTokenAsync(20, TimeSpan.FromHours(1))).ToString();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, byte[], WebSocketCloseStatus> Garbage => new()
    {
        { "random bytes", Encoding.UTF8.GetBytes("GET / HTTP/1.1 garbage"), WebSocketCloseStatus.ProtocolError },
        { "header only, wrong length", LengthLie(), WebSocketCloseStatus.ProtocolError },
        { "unknown kind", FrameCodec.EncodeRaw((MessageKind)999, FrameFlags.None, 1, 0, "{}"u8), WebSocketCloseStatus.ProtocolError },
        { "unknown flags", Flagged(), WebSocketCloseStatus.ProtocolError },
        { "oversize frame", new byte[ProtocolInfo.MaxFrameBytes + 1024], WebSocketCloseStatus.MessageTooBig },
        { "hello with broken JSON", FrameCodec.EncodeRaw(MessageKind.Hello, FrameFlags.None, 1, 0, "{\"nodeName\": 12,"u8), WebSocketCloseStatus.ProtocolError },
        { "a Brain-only kind", FrameCodec.EncodeRaw(MessageKind.TaskDispatch, FrameFlags.None, 1, 0, "{}"u8), WebSocketCloseStatus.ProtocolError },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task GarbageFirstFrame_ClosesThatConnection_OthersStillServed(string what, byte[] frame, WebSocketCloseStatus expected)
    {
        await using var agent = await RawAgent.ConnectAsync(_cluster.BrainAddress, _joinToken, "rogue", Path.Combine(_cluster.DataRoot, "rogue"));

        await agent.SendAsync(frame);
        var (status, description) = await agent.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.True(status is not null, $"{what}: expected a close status");
        Assert.True(status == expected || expected == WebSocketCloseStatus.ProtocolError, $"{what}: got {status} ({description})");
        Assert.False(string.IsNullOrEmpty(description), $"{what}: the close should say why");
        await AssertOthersServedAsync();
    }

    [Fact]
    public async Task GarbageAfterHello_ClosesThatConnection_OthersStillServed()
    {
        await using var agent = await RawAgent.ConnectAsync(_cluster.BrainAddress, _joinToken, "rogue2", Path.Combine(_cluster.DataRoot, "rogue2"));
        await agent.SendAsync(FrameCodec.Encode(MessageKind.Hello, 1, 0, new Hello
        {
            ProtocolVersion = ProtocolInfo.Version,
            NodeName = "rogue2",
            AgentVersion = "test",
            Platform = "linux-x64",
        }, ProtocolJsonContext.Default.Hello));

        await agent.SendAsync(Encoding.UTF8.GetBytes("not a frame at all"), WebSocketMessageType.Text);
        var (status, description) = await agent.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
        Assert.Contains("NotBinary", description, StringComparison.Ordinal);
        await AssertOthersServedAsync();
    }

    [Fact]
    public async Task HelloClaimingAnotherName_IsRefused()
    {
        await using var agent = await RawAgent.ConnectAsync(_cluster.BrainAddress, _joinToken, "impostor", Path.Combine(_cluster.DataRoot, "impostor"));
        await agent.SendAsync(FrameCodec.Encode(MessageKind.Hello, 1, 0, new Hello
        {
            ProtocolVersion = ProtocolInfo.Version,
            NodeName = "node1",
            AgentVersion = "test",
            Platform = "linux-x64",
        }, ProtocolJsonContext.Default.Hello));

        var (status, description) = await agent.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("certificate is for 'impostor'", description, StringComparison.Ordinal);
        await AssertOthersServedAsync();
    }

    private async Task AssertOthersServedAsync()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo ok", Targets = ["node1", "node2"] });
        var states = new List<TaskState>();
        await foreach (var task in _cluster.Client.WaitBatchAsync(submission.BatchId, TimeSpan.FromSeconds(20)))
        {
            states.Add(task.State);
        }

        Assert.Equal([TaskState.Succeeded, TaskState.Succeeded], states);
    }

    private static byte[] LengthLie()
    {
        var frame = FrameCodec.EncodeRaw(MessageKind.Heartbeat, FrameFlags.None, 1, 0, "{}"u8);
        frame[4] = 200;
        return frame;
    }

    private static byte[] Flagged()
    {
        var frame = FrameCodec.EncodeRaw(MessageKind.Hello, FrameFlags.None, 1, 0, "{}"u8);
        frame[2] = 0x80;
        return frame;
    }
}
