using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using Octopoda.Brain.Tests.Access;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;
using Xunit.Abstractions;

namespace Octopoda.Brain.Tests.Files;

/// <summary>
/// An upload survives a Tentacle restart: the node's spool of verified chunks outlives the process, the journal
/// runs the <c>file.push</c> again, and the new process asks only for what the spool lacks.
/// </summary>
public sealed class FileResumeAcrossRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Size = 64 * 1024 * 1024;

    private TestCluster _cluster = null!;
    private ApiCaller _api = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(1);
        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TentacleRestartedHalfway_TheUploadCompletes_FetchingLittleMoreThanWhatTheSpoolLacked()
    {
        // Every byte from the Brain to the node crosses the proxy, so what the restarted Tentacle fetched is counted.
        await using var proxy = TcpProxy.Start(_cluster.BrainAddress);
        var via = proxy.AddressFor(_cluster.BrainAddress);
        await _cluster.StopTentacleAsync("node1");
        await _cluster.StartTentacleAsync("node1", via);
        var payload = new byte[Size];
        Random.Shared.NextBytes(payload);
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "large.bin") { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(payload) });
        }

        var batchId = await UploadAsync(tar.ToArray(), "restart");
        var spool = Path.Combine(_cluster.TentacleDataDirectory("node1"), "files", "incoming", batchId + ".tar");
        await Eventually.TrueAsync(() => File.Exists(spool) && new FileInfo(spool).Length >= tar.Length / 2, TimeSpan.FromSeconds(60), "half the stream in the node's spool");

        // The link is cut first so the moment is exact (stopping alone lets the chunks in flight keep arriving while the
        // goodbye drains); then the process stops as SIGTERM would stop it, in the middle of the transfer.
        proxy.Cut();
        await _cluster.StopTentacleAsync("node1");
        Assert.True(File.Exists(spool), "a stopped Tentacle keeps the spool of a transfer under way");
        var atRestart = new FileInfo(spool).Length;
        Assert.InRange(atRestart, tar.Length / 2, tar.Length - 1);

        proxy.Restore();
        var before = proxy.BytesFromTarget;
        await _cluster.StartTentacleAsync("node1", via);
        var task = await WaitAsync(batchId);

        Assert.True(task.State == TaskState.Succeeded, $"{task.State}: {task.Error}");
        Assert.Equal(payload, await File.ReadAllBytesAsync(Path.Combine(_cluster.TentacleDataDirectory("node1"), "fstore", "restart", "large.bin")));
        var fetched = proxy.BytesFromTarget - before;
        var lacked = tar.Length - atRestart;
        output.WriteLine($"restarted with {atRestart} of {tar.Length} bytes in the spool; {fetched} bytes crossed the link afterwards for the {lacked} it lacked ({100.0 * fetched / tar.Length:0.0}% of the stream)");
        // What was lacking, plus the link's own overhead (TLS records, frame headers, the hello): about 1%.
        Assert.True(fetched < lacked + (lacked / 20) + (1024 * 1024), $"{fetched} bytes were fetched after the restart for the {lacked} the spool lacked");
        Assert.True(fetched < tar.Length * 3 / 5, $"{fetched} bytes of {tar.Length} were fetched after the restart: the transfer started over");
    }

    private async Task<string> UploadAsync(byte[] tar, string dir)
    {
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _cluster.BrainAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.AdminToken);
        using var content = new ByteArrayContent(tar);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await http.PostAsync($"{ApiRoutes.FilesUpload}?dir={Uri.EscapeDataString(dir)}&targets=node1&force=true", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.RunSubmission)!.BatchId;
    }

    private async Task<TaskView> WaitAsync(string batchId)
    {
        TaskView? task = null;
        await Eventually.TrueAsync(async () =>
        {
            task = Assert.Single((await _api.GetAsync($"{ApiRoutes.Batches}/{batchId}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.IReadOnlyListTaskView));
            return task.State.IsFinal();
        }, TimeSpan.FromSeconds(90), "the upload's task to end after the restart");
        return (await _api.GetAsync($"{ApiRoutes.Tasks}/{task!.Id}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.TaskView);
    }
}
