using System.Diagnostics;
using System.IO.Pipelines;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Files;

/// <summary>The SDK's <see cref="OctopodaClient.UploadAsync"/>: a streamed body, its deadlines, and whose failure is whose.</summary>
public sealed class UploadApiTests
{
    /// <summary>Shorter than the slow uploads below take, so a deadline on the whole request would cut them.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task UploadAsync_BodyTakesLongerThanTheClientTimeout_IsNotCut()
    {
        var received = 0L;
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            received = await Drain(context.Request.InputStream);
            await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
        });
        using var client = Client(brain);
        var body = new Pipe();

        var upload = client.UploadAsync(body.Reader.AsStream(), "/tmp", ["n1"]);
        for (var i = 0; i < 4; i++)
        {
            // Each pause alone is most of the client's timeout; together they are three times longer.
            await body.Writer.WriteAsync(new byte[1000]);
            await Task.Delay(ClientTimeout * 0.75);
        }

        await body.Writer.CompleteAsync();
        var submission = await upload.Within("an upload slower than the client's timeout");

        Assert.Equal("b-1", submission.BatchId);
        Assert.Equal(4000, received);
    }

    [Fact]
    public async Task UploadAsync_BrainSilentAfterTheBody_TimesOutAfterTheClientTimeout()
    {
        var release = new TaskCompletionSource();
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            await Drain(context.Request.InputStream);
            await release.Task;
        });
        using var client = Client(brain);
        var clock = Stopwatch.StartNew();

        try
        {
            var failure = await Assert.ThrowsAsync<OctopodaException>(
                () => client.UploadAsync(new MemoryStream(new byte[5000]), "/tmp", ["n1"]).Within("an upload the Brain never answers"));

            Assert.Equal($"the Brain at {brain.Address.GetLeftPart(UriPartial.Authority)} did not answer within 400 ms", failure.Message);
            Assert.True(failure.IsTransient);
            Assert.InRange(clock.Elapsed, ClientTimeout, ClientTimeout * 10);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task UploadAsync_SourceFails_ThrowsTheSourcesOwnException()
    {
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            await Drain(context.Request.InputStream);
            await FakeBrain.RespondAsync(context, 202, Samples.Json(Samples.Submission("n1")));
        });
        using var client = Client(brain);
        var body = new Pipe();
        await body.Writer.WriteAsync(new byte[3000]);
        await body.Writer.CompleteAsync(new IOException("Input/output error: /data/disk.img"));

        // An IOException is what a broken connection throws too; this one is the source's, and must not read as the Brain's.
        var failure = await Assert.ThrowsAsync<IOException>(
            () => client.UploadAsync(body.Reader.AsStream(), "/tmp", ["n1"]).Within("an upload whose source fails"));

        Assert.Equal("Input/output error: /data/disk.img", failure.Message);
    }

    [Fact]
    public async Task UploadAsync_BrainRefuses_ThrowsApiExceptionWithTheProblem()
    {
        var problem = new ApiProblem
        {
            Title = "Payload too large",
            Status = 413,
            Detail = "The transfer is 9000 bytes; this Brain takes at most 10 (files.maxTransferBytes). Nothing was sent.",
        };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 413, Samples.Json(problem), "application/problem+json"));
        using var client = Client(brain);

        var failure = await Assert.ThrowsAsync<OctopodaApiException>(
            () => client.UploadAsync(new MemoryStream(new byte[9000]), "@fstore", ["n1"]).Within("a refused upload"));

        Assert.Equal((413, problem.Detail), (failure.StatusCode, failure.Problem?.Detail));
        Assert.Equal(9000, Assert.Single(brain.Requests).ContentLength);
    }

    [Fact]
    public async Task UploadAsync_Misuse_ThrowsBeforeSending()
    {
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") });

        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadAsync(Stream.Null, " ", ["n1"]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.UploadAsync(Stream.Null, "/tmp", []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.UploadAsync(Stream.Null, "/tmp", ["n1"], ttlSeconds: -1));
    }

    private static OctopodaClient Client(FakeBrain brain) =>
        new(new OctopodaClientOptions { BaseAddress = brain.Address, Timeout = ClientTimeout });

    private static async Task<long> Drain(Stream body)
    {
        var buffer = new byte[8192];
        long total = 0;
        while (await body.ReadAsync(buffer) is var read and > 0)
        {
            total += read;
        }

        return total;
    }
}
