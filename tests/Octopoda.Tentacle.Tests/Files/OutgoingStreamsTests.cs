using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Json;
using Octopoda.Tentacle.Files;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Files;

/// <summary>The outgoing spool: what the node serves to the Brain, what it refuses, and what it releases and sweeps.</summary>
public sealed class OutgoingStreamsTests : IDisposable
{
    private readonly TestDirectory _dir = new("outgoing");
    private readonly OutgoingStreams _outgoing;

    public OutgoingStreamsTests()
    {
        _outgoing = new OutgoingStreams(_dir.Path, "unit", TimeProvider.System, NullLogger.Instance);
        _outgoing.EnsureDirectory();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_UnknownTransfer_IsRefusedSayingItIsNotOnTheNode()
    {
        var id = Guid.NewGuid().ToString("N");

        var source = await _outgoing.OpenAsync(id, CancellationToken.None);

        Assert.Null(source.Stream);
        Assert.StartsWith($"transfer {id} is not on node unit", source.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../journal")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("")]
    public async Task Open_MalformedTransferId_IsRefusedWithoutTouchingAPath(string id)
    {
        var source = await _outgoing.OpenAsync(id, CancellationToken.None);

        Assert.Null(source.Stream);
        Assert.Contains("is malformed", source.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_StreamStillBeingWritten_IsNotServed()
    {
        var id = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(_outgoing.PartPathFor(id), "half");

        var source = await _outgoing.OpenAsync(id, CancellationToken.None);

        Assert.Null(source.Stream);
    }

    [Fact]
    public void Release_RemovesTheStream_AndIsHarmlessForOneThatIsGone()
    {
        var id = Guid.NewGuid().ToString("N");
        File.WriteAllText(_outgoing.PathFor(id), "tar");

        Assert.True(_outgoing.Release(id));
        Assert.False(File.Exists(_outgoing.PathFor(id)));
        Assert.False(_outgoing.Release(id));
        Assert.False(_outgoing.Release("../x"));
    }

    [Fact]
    public void Sweep_RemovesStreamsAndPartsOlderThanADay_AndKeepsTheRest()
    {
        var old = Guid.NewGuid().ToString("N");
        var oldPart = Guid.NewGuid().ToString("N");
        var fresh = Guid.NewGuid().ToString("N");
        foreach (var path in new[] { _outgoing.PathFor(old), _outgoing.PartPathFor(oldPart), _outgoing.PathFor(fresh), Path.Combine(_outgoing.Directory, "unrelated") })
        {
            File.WriteAllText(path, "x");
        }

        File.SetLastWriteTimeUtc(_outgoing.PathFor(old), DateTime.UtcNow - OutgoingStreams.MaxAge - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(_outgoing.PartPathFor(oldPart), DateTime.UtcNow - OutgoingStreams.MaxAge - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(Path.Combine(_outgoing.Directory, "unrelated"), DateTime.UtcNow.AddDays(-3));

        Assert.Equal(2, _outgoing.Sweep());
        Assert.Equal(new[] { fresh + ".tar", "unrelated" }.Order(StringComparer.Ordinal), Directory.GetFiles(_outgoing.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Serve_OverARealLink_TheBrainsReceiverGetsTheWholeStream_OrTheRefusal()
    {
        var id = Guid.NewGuid().ToString("N");
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 3);
        await File.WriteAllBytesAsync(_outgoing.PathFor(id), content);
        await using var link = await LinkPair.OpenAsync();
        using var stop = new CancellationTokenSource();
        var receiver = new ChunkReceiver(TimeSpan.FromSeconds(1));
        var serving = ServeAsNodeAsync(link, stop.Token);
        var reading = ReadAsBrainAsync(link, receiver, stop.Token);
        var brainData = _dir.Sub("brain");

        using (var spool = ChunkSpool.Open(brainData, id).Value!)
        {
            var failure = await receiver.ReceiveAsync(spool, content.Length, RequestAsync, "node unit", TimeSpan.FromSeconds(10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Null(failure);
            Assert.True((await spool.VerifyAsync(content.Length, SHA256.HashData(content))).Succeeded);
        }

        var unknown = Guid.NewGuid().ToString("N");
        using (var spool = ChunkSpool.Open(brainData, unknown).Value!)
        {
            var refused = await receiver.ReceiveAsync(spool, 100, RequestAsync, "node unit", TimeSpan.FromSeconds(10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith($"node unit could not send the file: transfer {unknown} is not on node unit", refused, StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        await Task.WhenAll(serving, reading).WaitAsync(TimeSpan.FromSeconds(10));

        async Task<bool> RequestAsync(FileChunkRequest request)
        {
            await link.Brain.SendAsync(MessageKind.FileChunkRequest, request, ProtocolJsonContext.Default.FileChunkRequest);
            return true;
        }
    }

    /// <summary>The node's side, as the link runs it: requests go to a <see cref="ChunkSender"/> over the outgoing spool.</summary>
    private async Task ServeAsNodeAsync(LinkPair link, CancellationToken cancellationToken)
    {
        var sender = new ChunkSender(link.Node, _outgoing.OpenAsync);
        var running = sender.RunAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var outcome = await link.Node.ReceiveAsync(cancellationToken);
                if (!outcome.HasFrame)
                {
                    return;
                }

                if (outcome.Frame.Kind == MessageKind.FileChunkRequest && FrameCodec.TryReadPayload(outcome.Frame, ProtocolJsonContext.Default.FileChunkRequest, out var request))
                {
                    sender.TryEnqueue(request);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }

        await running.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private static async Task ReadAsBrainAsync(LinkPair link, ChunkReceiver receiver, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var outcome = await link.Brain.ReceiveAsync(cancellationToken);
                if (!outcome.HasFrame)
                {
                    return;
                }

                if (outcome.Frame.Kind == MessageKind.FileChunk && FileChunk.TryDecode(outcome.Frame.Payload.ToArray(), out var chunk, out _))
                {
                    receiver.Deliver(chunk);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }
}
