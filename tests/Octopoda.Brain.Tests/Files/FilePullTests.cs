using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Files;
using Octopoda.Brain.Tests.Access;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;
using Xunit.Abstractions;

namespace Octopoda.Brain.Tests.Files;

/// <summary>
/// Files that come from nodes, through the real Brain and real Tentacles: listing, downloading a tree (it equals the
/// original), node-to-node copy, and the Brain's file store with spread.
/// </summary>
public sealed class FilePullTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Mtime = new(2023, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private TestCluster _cluster = null!;
    private ApiCaller _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(2);
        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
        _http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = _cluster.BrainAddress };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task DownloadedTree_EqualsTheOriginal_AndLsListsIt()
    {
        var original = TreeSnapshot.MakeSample(Path.Combine(_cluster.TentacleDataDirectory("node1"), "fstore", "site"), Mtime);

        var listing = (await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.FilesList}?node=node1&path={Uri.EscapeDataString("site")}", _cluster.AdminToken)))
            .Read(ProtocolJsonContext.Default.FileListing);
        output.WriteLine(string.Join("\n", listing.Entries.Select(e => $"{e.Type} {Convert.ToString(e.Mode, 8)} {e.Size} {e.Name} {e.LinkTarget}")));
        Assert.Equal(["bin", "index.html", "link", "odd 'name' \"q\"\nline"], listing.Entries.Select(e => e.Name));
        var index = listing.Entries.Single(e => e.Name == "index.html");
        Assert.Equal((FileEntryView.File, 14L, 0b110_100_100, Mtime.ToUnixTimeMilliseconds()), (index.Type, index.Size, index.Mode, index.ModifiedUnixMs));
        Assert.Equal((FileEntryView.Directory, FileEntryView.Symlink), (listing.Entries[0].Type, listing.Entries[2].Type));
        Assert.Equal("index.html", listing.Entries[2].LinkTarget);

        var local = Path.Combine(_cluster.DataRoot, "downloaded");
        var placed = await DownloadAsync("node1", "site", local);
        Assert.Equal(["site"], placed);
        Assert.Equal(original, TreeSnapshot.Of(Path.Combine(local, "site")));

        // Nothing left behind: the Brain's spool and incoming directory, the node's outgoing directory.
        await Eventually.TrueAsync(() => Task.FromResult(
            EmptyOrMissing(Path.Combine(_cluster.TentacleDataDirectory("node1"), "files", "outgoing"))
            && EmptyOrMissing(_cluster.Brain.Services.GetRequiredService<FileSpool>().Directory)), TimeSpan.FromSeconds(10), "the spools to be emptied");
    }

    [Fact]
    public async Task Download_OfAMissingPath_Is422WithTheNodesReason_AndAnOfflineNodeIs503()
    {
        var missing = await _api.GetAsync($"{ApiRoutes.FilesDownload}?node=node1&path=/no/such/thing", _cluster.AdminToken);
        Assert.True(missing.Status == HttpStatusCode.UnprocessableEntity, missing.ToString());
        Assert.Contains("/no/such/thing", missing.Detail, StringComparison.Ordinal);

        var listing = await _api.GetAsync($"{ApiRoutes.FilesList}?node=node1&path=@nosuchvariable/x", _cluster.AdminToken);
        Assert.True(listing.Status == HttpStatusCode.UnprocessableEntity, listing.ToString());

        await _cluster.StopTentacleAsync("node2");
        await _cluster.WaitForStateAsync(NodeState.Offline, TimeSpan.FromSeconds(30), "node2");
        var offline = await _api.GetAsync($"{ApiRoutes.FilesDownload}?node=node2&path=/etc/hostname", _cluster.AdminToken);
        Assert.True(offline.Status == HttpStatusCode.ServiceUnavailable, offline.ToString());
        Assert.Contains("not connected", offline.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_FromOneNodeToAnother_PlacesAnEqualTree()
    {
        var original = TreeSnapshot.MakeSample(Path.Combine(_cluster.TentacleDataDirectory("node1"), "fstore", "site"), Mtime);
        var body = JsonSerializer.Serialize(new FileCopyRequest { SourceNode = "node1", SourcePath = "@fstore/site", TargetDirectory = "copies", Targets = ["node2"], Force = true }, ProtocolJsonContext.Default.FileCopyRequest);
        var submission = (await Expect(HttpStatusCode.Accepted, _api.PostAsync(ApiRoutes.FilesCopy, _cluster.AdminToken, body))).Read(ProtocolJsonContext.Default.RunSubmission);

        var task = Assert.Single(await WaitAsync(submission.BatchId));
        Assert.True(task.State == TaskState.Succeeded, $"{task.State} {task.Error}");
        Assert.Equal(original, TreeSnapshot.Of(Path.Combine(_cluster.TentacleDataDirectory("node2"), "fstore", "copies", "site")));
    }

    [Fact]
    public async Task Store_KeepsAStream_ListsIt_SpreadsIt_AndRefusesBadNames()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var tar = new TarBuilder().File("app.bin", content, mode: (UnixFileMode)0b111_101_101).Build();
        using (var stored = await _http.PostAsync($"{ApiRoutes.FilesStore}?name=releases/app.bin", new ByteArrayContent(tar)))
        {
            Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        }

        var listing = (await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.FilesStore}?prefix=releases", _cluster.AdminToken))).Read(ProtocolJsonContext.Default.FileListing);
        var entry = Assert.Single(listing.Entries);
        Assert.Equal(("releases/app.bin", FileEntryView.File, 300_000L, 0b111_101_101), (entry.Name, entry.Type, entry.Size, entry.Mode));

        var spread = JsonSerializer.Serialize(new FileSpreadRequest { Name = "releases/app.bin", TargetDirectory = "spread", Targets = ["node1", "node2"], Force = true }, ProtocolJsonContext.Default.FileSpreadRequest);
        var submission = (await Expect(HttpStatusCode.Accepted, _api.PostAsync(ApiRoutes.FilesSpread, _cluster.AdminToken, spread))).Read(ProtocolJsonContext.Default.RunSubmission);
        var tasks = await WaitAsync(submission.BatchId);
        Assert.All(tasks, t => Assert.True(t.State == TaskState.Succeeded, $"{t.Node}: {t.State} {t.Error}"));
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_cluster.TentacleDataDirectory(node), "fstore", "spread", "app.bin")));
        }

        // Bad names and clashes change nothing.
        foreach (var bad in new[] { "../x", "/abs", "a//b", "a/./b", "line\nbreak" })
        {
            var answer = await _api.PostAsync($"{ApiRoutes.FilesStore}?name={Uri.EscapeDataString(bad)}", _cluster.AdminToken, "{}");
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{bad}: {answer}");
        }

        Assert.Equal(HttpStatusCode.Conflict, (await _api.PostAsync($"{ApiRoutes.FilesStore}?name=releases", _cluster.AdminToken, "{}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.PostAsync($"{ApiRoutes.FilesStore}?name=releases/app.bin/x", _cluster.AdminToken, "{}")).Status);
        var missing = JsonSerializer.Serialize(new FileSpreadRequest { Name = "releases/none", TargetDirectory = "x", Targets = ["node1"] }, ProtocolJsonContext.Default.FileSpreadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsync(ApiRoutes.FilesSpread, _cluster.AdminToken, missing)).Status);
        Assert.Single((await _api.GetAsync(ApiRoutes.FilesStore, _cluster.AdminToken)).Read(ProtocolJsonContext.Default.FileListing).Entries);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"{ApiRoutes.FilesStore}?name=releases/app.bin", _cluster.AdminToken)).Status);
        Assert.Empty((await _api.GetAsync(ApiRoutes.FilesStore, _cluster.AdminToken)).Read(ProtocolJsonContext.Default.FileListing).Entries);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Delete, $"{ApiRoutes.FilesStore}?name=releases/app.bin", _cluster.AdminToken)).Status);
    }

    /// <summary>Streams a download to a file, checks its SHA-256 against the header, and places it as octl does; returns the names placed.</summary>
    private async Task<IReadOnlyList<string>> DownloadAsync(string node, string path, string localDirectory)
    {
        using var response = await _http.GetAsync($"{ApiRoutes.FilesDownload}?node={node}&path={Uri.EscapeDataString(path)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.MediaType);
        var archive = Path.Combine(_cluster.DataRoot, "download.tar");
        await using (var file = File.Create(archive))
        {
            await response.Content.CopyToAsync(file);
        }

        Assert.Equal(response.Content.Headers.ContentLength, new FileInfo(archive).Length);
        Assert.Equal(response.Headers.GetValues(ApiRoutes.Sha256Header).Single(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive))));
        var placed = await new FileInstaller(new SafeExtractor()).InstallAsync(archive, localDirectory, force: true, new string('0', 32), new FileInfo(archive).Length);
        Assert.True(placed.Succeeded, placed.Error);
        return placed.Value.Names;
    }

    private async Task<List<TaskView>> WaitAsync(string batchId)
    {
        List<TaskView> tasks = [];
        await Eventually.TrueAsync(async () =>
        {
            tasks = [.. (await _api.GetAsync($"{ApiRoutes.Batches}/{batchId}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.IReadOnlyListTaskView)];
            return tasks.All(t => t.State.IsFinal());
        }, TimeSpan.FromSeconds(60), "the tasks to end");
        return [.. await Task.WhenAll(tasks.Select(async t => (await _api.GetAsync($"{ApiRoutes.Tasks}/{t.Id}", _cluster.AdminToken)).Read(ProtocolJsonContext.Default.TaskView)))];
    }

    private static bool EmptyOrMissing(string directory) => !Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any();

    private static async Task<ApiCaller.Answer> Expect(HttpStatusCode status, Task<ApiCaller.Answer> call)
    {
        var answer = await call;
        Assert.True(answer.Status == status, $"expected {(int)status}, got {answer}");
        return answer;
    }
}
