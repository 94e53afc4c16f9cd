using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Files;
using Microsoft.Extensions.Hosting;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Brain.Tests.Access;
using Octopoda.Testing;
using Xunit.Abstractions;

namespace Octopoda.Brain.Tests.Files;

/// <summary>Uploads through the real Brain to real Tentacles: the stream is spooled once, fetched in chunks by every node, verified and placed.</summary>
public sealed class FileUploadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private ApiCaller _api = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(2);
        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task DirectoryTree_ReachesEveryNode_WithContentsModesAndTimes()
    {
        var tar = new MemoryStream();
        var mtime = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var big = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "site") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = mtime });
            await AddFileAsync(writer, "site/index.html", "<h1>hello</h1>"u8.ToArray(), (UnixFileMode)0b110_100_100, mtime);
            await AddFileAsync(writer, "site/run me.sh", "#!/bin/sh\necho hi\n"u8.ToArray(), (UnixFileMode)0b111_101_101, mtime);
            await AddFileAsync(writer, "site/data/big.bin", big, (UnixFileMode)0b110_000_000, mtime);
        }

        var submission = await UploadAsync(tar.ToArray(), "deploy", "node1,node2", force: true);

        var tasks = await WaitAsync(submission.BatchId);
        Assert.All(tasks, t => Assert.True(t.State == TaskState.Succeeded, $"{t.Node}: {t.State} {t.Error}"));
        foreach (var node in new[] { "node1", "node2" })
        {
            var root = Path.Combine(_cluster.TentacleDataDirectory(node), "fstore", "deploy", "site");
            Assert.Equal("<h1>hello</h1>", await File.ReadAllTextAsync(Path.Combine(root, "index.html")));
            Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(root, "data", "big.bin")));
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(root, "run me.sh")));
            Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(Path.Combine(root, "data", "big.bin")));
            Assert.Equal(mtime.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(root, "index.html")));
            // Nothing half-written or left over beside it.
            Assert.Equal(["site"], Directory.GetFileSystemEntries(Path.GetDirectoryName(root)!).Select(Path.GetFileName));
            Assert.Empty(Directory.GetFiles(Path.Combine(_cluster.TentacleDataDirectory(node), "files", "incoming")));
        }

        Assert.Contains("placed site", tasks[0].Stdout, StringComparison.Ordinal);
    }

    /// <summary>A malicious archive fails on the node and changes nothing outside the target, wherever it points.</summary>
    [Theory]
    [InlineData("dotdot")]
    [InlineData("absolute")]
    [InlineData("escaping-symlink")]
    public async Task MaliciousArchive_FailsOnTheNode_AndChangesNothingOutsideTheTarget(string kind)
    {
        var outside = Path.Combine(_cluster.DataRoot, "outside-" + kind);
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddFileAsync(writer, "fine.txt", "ok"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
            switch (kind)
            {
                case "dotdot":
                    await AddFileAsync(writer, "../../../../outside-dotdot/pwned", "x"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
                    break;
                case "absolute":
                    await AddFileAsync(writer, outside + "/pwned", "x"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
                    break;
                default:
                    Directory.CreateDirectory(outside);
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = outside });
                    await AddFileAsync(writer, "link/pwned", "x"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
                    break;
            }
        }

        var before = Snapshot(_cluster.DataRoot);
        var submission = await UploadAsync(tar.ToArray(), "victim", "node1", force: true);

        var task = Assert.Single(await WaitAsync(submission.BatchId));
        Assert.Equal(TaskState.Failed, task.State);
        Assert.False(string.IsNullOrEmpty(task.Error));
        Assert.False(File.Exists(Path.Combine(outside, "pwned")));
        // Nothing new anywhere in the cluster's tree but the Brain's files and the node's own spool directory.
        var added = Snapshot(_cluster.DataRoot).Except(before)
            .Where(p => !p.StartsWith("brain/", StringComparison.Ordinal) && !System.Text.RegularExpressions.Regex.IsMatch(p, "^tentacles/[^/]+/files(/|$)"))
            .ToList();
        Assert.True(added.Count == 0, $"created: {string.Join(", ", added)}");
    }

    [Fact]
    public async Task Upload_LargerThanTheBrainsLimit_Is413_AndNothingIsSpooledOrSent()
    {
        await _cluster.DisposeAsync();
        _cluster = await TestCluster.StartAsync(1, options => options.Files.MaxTransferBytes = 64 * 1024);
        _api.Dispose();
        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
        var spool = _cluster.Brain.Services.GetRequiredService<FileSpool>();

        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _cluster.BrainAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.AdminToken);
        // Streamed without a length, so the limit is found while reading, not from a header.
        using var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new("application/x-tar");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ApiRoutes.FilesUpload}?dir=big&targets=node1") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit of 65536 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(spool.List());
        Assert.Empty((await _api.GetAsync($"{ApiRoutes.Tasks}?node=node1", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.TaskListResponse).Tasks);
    }

    [Fact]
    public async Task StreamGoneFromTheBrain_TheNodesTaskFailsSayingSo()
    {
        var spool = _cluster.Brain.Services.GetRequiredService<FileSpool>();
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddFileAsync(writer, "c.txt", "c"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
        }

        // A node that is away when the upload is made, so the stream can vanish before it asks for it.
        await _cluster.StopTentacleAsync("node2");
        var submission = await UploadAsync(tar.ToArray(), "gone", "node2", force: true, ttlSeconds: 300);
        spool.Delete(submission.BatchId);
        await _cluster.StartTentacleAsync("node2");

        var task = Assert.Single(await WaitAsync(submission.BatchId));
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Contains("is no longer on the Brain", task.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTargetDirectory_WithoutForce_FailsThatNode_AndWritesNothing()
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddFileAsync(writer, "a.txt", "a"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
        }

        var submission = await UploadAsync(tar.ToArray(), "/nonexistent-octopoda-dir/x", "node1", force: false);

        var task = Assert.Single(await WaitAsync(submission.BatchId));
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Contains("does not exist", task.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent-octopoda-dir"));
    }

    [Fact]
    public async Task TheSpool_IsRemovedOnceEveryNodeIsDone()
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddFileAsync(writer, "b.txt", "b"u8.ToArray(), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow);
        }

        var submission = await UploadAsync(tar.ToArray(), "spooled", "node1,node2", force: true);
        await WaitAsync(submission.BatchId);
        var spool = _cluster.Brain.Services.GetRequiredService<FileSpool>();
        Assert.True(spool.Exists(submission.BatchId));

        // The sweeper waits a minute after the last write; a pass run as if later removes it.
        File.SetLastWriteTimeUtc(Path.Combine(spool.Directory, submission.BatchId), DateTime.UtcNow.AddMinutes(-2));
        var sweeper = _cluster.Brain.Services.GetServices<IHostedService>().OfType<SpoolSweeper>().Single();
        Assert.Equal(1, await sweeper.SweepAsync(default));
        Assert.False(spool.Exists(submission.BatchId));
    }

    /// <summary>A node whose disk fills up fails its own transfer saying so, places nothing, and leaves no spool behind; the other node gets its copy.</summary>
    [Fact]
    public async Task DiskFullOnANode_FailsThatNodeCleanly_AndTheOtherSucceeds()
    {
        using var small = SmallFileSystem.Mount(Path.Combine(_cluster.TentacleDataDirectory("node1"), "files", "incoming"), 512);
        var tar = new TarBuilder().File("big.bin", RandomNumberGenerator.GetBytes(2 * 1024 * 1024)).Build();

        var tasks = await WaitAsync((await UploadAsync(tar, "full", "node1,node2", force: true)).BatchId);

        var failed = tasks.Single(t => t.Node == "node1");
        Assert.Equal(TaskState.Failed, failed.State);
        Assert.Contains("no space left", failed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cluster.TentacleDataDirectory("node1"), "fstore", "full", "big.bin")));
        Assert.Empty(Directory.GetFileSystemEntries(small.Path));
        Assert.Equal(TaskState.Succeeded, tasks.Single(t => t.Node == "node2").State);
        Assert.Equal(2 * 1024 * 1024, new FileInfo(Path.Combine(_cluster.TentacleDataDirectory("node2"), "fstore", "full", "big.bin")).Length);
    }

    /// <summary>
    /// The link of a Tentacle is cut at about half of a 200 MB upload; after it reconnects the transfer completes from
    /// its last verified chunk: the bytes that crossed the link again are far below a quarter of the file.
    /// </summary>
    [Fact]
    public async Task LinkCutHalfway_ResumesFromTheLastVerifiedChunk_AndResendsLittle()
    {
        const long Size = 200L * 1024 * 1024;
        await using var proxy = TcpProxy.Start(_cluster.BrainAddress);
        await _cluster.StopTentacleAsync("node2");
        await _cluster.StartTentacleAsync("node2", proxy.AddressFor(_cluster.BrainAddress));
        // Written to disk and streamed from there: 200 MB of random bytes, then a tar of it.
        var source = Path.Combine(_cluster.DataRoot, "large.bin");
        var expected = await WriteRandomFileAsync(source, Size);
        var tarPath = Path.Combine(_cluster.DataRoot, "large.tar");
        await using (var tarFile = File.Create(tarPath))
        await using (var writer = new TarWriter(tarFile, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync(source, "large.bin");
        }

        var tarLength = new FileInfo(tarPath).Length;
        var before = proxy.BytesFromTarget;
        RunSubmission submission;
        await using (var tarStream = File.OpenRead(tarPath))
        {
            submission = await UploadAsync(tarStream, "resume", "node2", force: true);
        }

        var incoming = Path.Combine(_cluster.TentacleDataDirectory("node2"), "files", "incoming", submission.BatchId + ".tar");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(incoming) && new FileInfo(incoming).Length >= Size / 2), TimeSpan.FromSeconds(120), "half the file on the node");
        var atCut = new FileInfo(incoming).Length;
        proxy.Cut();
        await _cluster.WaitForStateAsync(NodeState.Offline, TimeSpan.FromSeconds(20), "node2");
        proxy.Restore();

        var task = Assert.Single(await WaitAsync(submission.BatchId, TimeSpan.FromSeconds(180)));
        Assert.True(task.State == TaskState.Succeeded, $"{task.State}: {task.Error}");
        await using (var placed = File.OpenRead(Path.Combine(_cluster.TentacleDataDirectory("node2"), "fstore", "resume", "large.bin")))
        {
            Assert.Equal(expected, Convert.ToHexStringLower(await SHA256.HashDataAsync(placed)));
        }

        var sent = proxy.BytesFromTarget - before;
        var resent = sent - tarLength;
        output.WriteLine($"cut at {atCut} of {tarLength} bytes; {sent} bytes crossed the link, {resent} more than the stream ({100.0 * resent / tarLength:0.0}%); {proxy.ConnectionsAccepted} connections");
        Assert.True(proxy.ConnectionsAccepted >= 2, "the Tentacle should have reconnected through the proxy");
        Assert.True(resent < tarLength / 4, $"{resent} bytes were sent again; a resume should resend far less than a quarter");
    }

    /// <summary>Writes <paramref name="size"/> random bytes to <paramref name="path"/> in 1 MiB pieces; returns their SHA-256.</summary>
    private static async Task<string> WriteRandomFileAsync(string path, long size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        await using var file = File.Create(path);
        for (long written = 0; written < size; written += buffer.Length)
        {
            Random.Shared.NextBytes(buffer);
            hash.AppendData(buffer);
            await file.WriteAsync(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private Task<RunSubmission> UploadAsync(byte[] tar, string dir, string targets, bool force, int ttlSeconds = 0) =>
        UploadAsync(new MemoryStream(tar), dir, targets, force, ttlSeconds);

    private async Task<RunSubmission> UploadAsync(Stream tar, string dir, string targets, bool force, int ttlSeconds = 0)
    {
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _cluster.BrainAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.AdminToken);
        using var content = new StreamContent(tar);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await http.PostAsync($"{ApiRoutes.FilesUpload}?dir={Uri.EscapeDataString(dir)}&targets={targets}&force={force}&ttlSeconds={ttlSeconds}", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.RunSubmission)!;
    }

    private async Task<List<TaskView>> WaitAsync(string batchId, TimeSpan? timeout = null)
    {
        List<TaskView> tasks = [];
        await Eventually.TrueAsync(async () =>
        {
            tasks = [.. (await _api.GetAsync($"{ApiRoutes.Batches}/{batchId}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.IReadOnlyListTaskView)];
            return tasks.All(t => t.State.IsFinal());
        }, timeout ?? TimeSpan.FromSeconds(60), "the upload's tasks to end");
        foreach (var task in tasks)
        {
            var full = (await _api.GetAsync($"{ApiRoutes.Tasks}/{task.Id}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.TaskView);
            output.WriteLine($"{full.Node}: {full.State} {full.Error} {full.Stdout}");
        }

        return [.. await Task.WhenAll(tasks.Select(async t => (await _api.GetAsync($"{ApiRoutes.Tasks}/{t.Id}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.TaskView)))];
    }

    private static HashSet<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p))];

    private static async Task AddFileAsync(TarWriter writer, string name, byte[] content, UnixFileMode mode, DateTimeOffset mtime) =>
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = mode, ModificationTime = mtime, DataStream = new MemoryStream(content) });
}
