using System.Security.Cryptography;
using Octopoda.Cli.Tests.Support;
using Octopoda.Client;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Files;

/// <summary>The SDK's <see cref="OctopodaClient.DownloadAsync"/>: the declared length and hash, their checks, and deadlines.</summary>
public sealed class DownloadApiTests
{
    /// <summary>Shorter than the slow downloads below take, so a deadline on the whole body would cut them.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] Body = RandomNumberGenerator.GetBytes(200_000);

    [Fact]
    public async Task DownloadAsync_Body_IsCopiedAndCheckedWithProgress()
    {
        await using var brain = DownloadBrain.Serving(Body);
        using var client = Client(brain.Address);
        var reported = new List<long>();

        await using var download = await client.DownloadAsync("n1", "/srv/data").Within("the download's answer");
        using var copy = new MemoryStream();
        await download.CopyToAsync(copy, new ListProgress(reported)).Within("the download's body");

        Assert.Equal((Body.LongLength, Convert.ToHexStringLower(SHA256.HashData(Body))), (download.Length, download.Sha256));
        Assert.Equal(Body, copy.ToArray());
        Assert.Equal(Body.LongLength, reported[^1]);
        Assert.Equal(reported.Order(), reported);
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("GET", "/api/v1/files/download?node=n1&path=%2Fsrv%2Fdata"), (request.Method, request.RawUrl));
    }

    [Fact]
    public async Task CopyToAsync_HashDiffers_ThrowsTransientIntegrityException()
    {
        await using var brain = DownloadBrain.Serving(Body, new string('0', 64));
        using var client = Client(brain.Address);

        await using var download = await client.DownloadAsync("n1", "/srv/data").Within("the download's answer");
        var failure = await Assert.ThrowsAsync<FileIntegrityException>(() => download.CopyToAsync(Stream.Null).Within("the download's body"));

        Assert.StartsWith("the download's SHA-256 is ", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task CopyToAsync_SecondTime_Throws()
    {
        await using var brain = DownloadBrain.Serving(Body);
        using var client = Client(brain.Address);

        await using var download = await client.DownloadAsync("n1", "/srv/data").Within("the download's answer");
        await download.CopyToAsync(Stream.Null).Within("the download's body");

        await Assert.ThrowsAsync<InvalidOperationException>(() => download.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task DownloadAsync_NoHashHeader_IsUnreadable()
    {
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            context.Response.ContentType = "application/x-tar";
            context.Response.ContentLength64 = Body.Length;
            await context.Response.OutputStream.WriteAsync(Body);
            context.Response.Close();
        });
        using var client = Client(brain.Address);

        var failure = await Assert.ThrowsAsync<OctopodaException>(() => client.DownloadAsync("n1", "/srv/data").Within("an answer without a hash"));

        Assert.Contains("the download answer has no X-Octopoda-Sha256 header", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task DownloadAsync_BrainRefuses_ThrowsApiExceptionWithTheProblem()
    {
        await using var brain = DownloadBrain.Refusing(404, "no such file on n1: /srv/data");
        using var client = Client(brain.Address);

        var failure = await Assert.ThrowsAsync<OctopodaApiException>(() => client.DownloadAsync("n1", "/srv/data").Within("a refused download"));

        Assert.Equal((404, "no such file on n1: /srv/data"), (failure.StatusCode, failure.Problem?.Detail));
    }

    [Fact]
    public async Task Content_SlowerOverallThanTheClientTimeout_IsNotCut()
    {
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            context.Response.ContentType = "application/x-tar";
            context.Response.ContentLength64 = 4000;
            context.Response.Headers[DownloadBrain.Sha256Header] = Convert.ToHexStringLower(SHA256.HashData(new byte[4000]));
            for (var i = 0; i < 4; i++)
            {
                // Each pause alone is half the client's timeout (room for a loaded machine); together they are twice as long.
                await context.Response.OutputStream.WriteAsync(new byte[1000]);
                await context.Response.OutputStream.FlushAsync();
                await Task.Delay(ClientTimeout * 0.5);
            }

            context.Response.Close();
        });
        using var client = Client(brain.Address);

        await using var download = await client.DownloadAsync("n1", "/srv/data").Within("the download's answer");
        await download.CopyToAsync(Stream.Null).Within("a download slower than the client's timeout");

        Assert.Equal(4000, download.Length);
    }

    [Fact]
    public async Task Content_Stalls_FailsAfterTheClientTimeout()
    {
        var release = new TaskCompletionSource();
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            context.Response.ContentType = "application/x-tar";
            context.Response.ContentLength64 = 4000;
            context.Response.Headers[DownloadBrain.Sha256Header] = new string('0', 64);
            await context.Response.OutputStream.WriteAsync(new byte[1000]);
            await context.Response.OutputStream.FlushAsync();
            await release.Task;
        });
        using var client = Client(brain.Address);

        try
        {
            await using var download = await client.DownloadAsync("n1", "/srv/data").Within("the download's answer");
            var failure = await Assert.ThrowsAsync<OctopodaException>(() => download.CopyToAsync(Stream.Null).Within("a stalled download"));

            Assert.Equal($"the download from the Brain at {brain.Address.GetLeftPart(UriPartial.Authority)} stalled: no data for 2 s", failure.Message);
            Assert.True(failure.IsTransient);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Misuse_ThrowsBeforeSending()
    {
        using var client = new OctopodaClient(new OctopodaClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") });

        await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadAsync(" ", "/srv"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadAsync("n1", ""));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ListFilesAsync("n1", ""));
        await Assert.ThrowsAsync<ArgumentException>(() => client.StoreAsync(Stream.Null, " "));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteStoredAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SpreadAsync(new FileSpreadRequest { Name = "x", TargetDirectory = "/srv", Targets = [] }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CopyAsync(
            new FileCopyRequest { SourceNode = "n1", SourcePath = "", TargetDirectory = "/srv", Targets = ["n2"] }));
    }

    private static OctopodaClient Client(Uri address) => new(new OctopodaClientOptions { BaseAddress = address, Timeout = ClientTimeout });

    /// <summary>Records each report on the reporting thread, in order.</summary>
    private sealed class ListProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
