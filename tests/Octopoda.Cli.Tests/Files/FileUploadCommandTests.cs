using System.Diagnostics;
using System.Formats.Tar;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Files;

/// <summary><c>octl file upload</c> end to end against a fake Brain on a real socket, reading the streamed tar back.</summary>
public sealed class FileUploadCommandTests : IDisposable
{
    private static readonly DateTimeOffset Old = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Upload_Directory_SendsItsTreeAsOneTarWithNamesModesTimesAndLinks()
    {
        var tree = Path.Combine(_runner.Directory.Path, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub", "empty"));
        WriteFile(Path.Combine(tree, "with space.txt"), "spaced\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        WriteFile(Path.Combine(tree, "new\nline.txt"), "newline\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteFile(Path.Combine(tree, "quote's \"q\".txt"), "quoted\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        WriteFile(Path.Combine(tree, ".hidden"), "dot file\n", UnixFileMode.UserRead);
        WriteFile(Path.Combine(tree, "sub", "deep.bin"), "deep\0binary", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "sub/deep.bin");
        SetDirectory(Path.Combine(tree, "sub", "empty"), (UnixFileMode)0b111_000_000, Old.AddDays(1));
        SetDirectory(Path.Combine(tree, "sub"), (UnixFileMode)0b111_101_000, Old.AddDays(2));
        SetDirectory(tree, (UnixFileMode)0b111_101_101, Old.AddDays(3));
        IReadOnlyList<ReceivedEntry> entries = [];
        await using var brain = UploadBrain.Start(async body => entries = await TarContents.ReadAsync(body), UploadBrain.Placed("n1", "tree", "/srv/app", 100));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "tree", "/srv/app", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            [
                "tree/", "tree/.hidden", "tree/link", "tree/new\nline.txt", "tree/quote's \"q\".txt",
                "tree/sub/", "tree/sub/deep.bin", "tree/sub/empty/", "tree/with space.txt",
            ],
            entries.Select(e => e.Name));
        var byName = entries.ToDictionary(e => e.Name);
        foreach (var name in new[] { "with space.txt", "new\nline.txt", "quote's \"q\".txt", ".hidden", "sub/deep.bin" })
        {
            var local = new FileInfo(Path.Combine(tree, name));
            var entry = byName[$"tree/{name}"];
            Assert.Equal((TarEntryType.RegularFile, local.UnixFileMode, Old), Attributes(entry));
            Assert.Equal(File.ReadAllBytes(local.FullName), entry.Content);
        }

        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b111_101_101, Old.AddDays(3)), Attributes(byName["tree/"]));
        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b111_101_000, Old.AddDays(2)), Attributes(byName["tree/sub/"]));
        Assert.Equal((TarEntryType.Directory, (UnixFileMode)0b111_000_000, Old.AddDays(1)), Attributes(byName["tree/sub/empty/"]));
        var link = byName["tree/link"];
        Assert.Equal((TarEntryType.SymbolicLink, "sub/deep.bin", 0L), (link.Type, link.LinkName, link.Length));
    }

    [Fact]
    public async Task Upload_Request_HasTheQueryAndContentTypeAndIsStreamedChunked()
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        await using var brain = UploadBrain.Start(body => body.CopyToAsync(Stream.Null), UploadBrain.Placed("n1", "notes.txt", "@fstore/app", 6));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "-f", "notes.txt", "@fstore/app", "n1", "@web", "--ttl", "1m30s");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var upload = brain.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/api/v1/files/upload?dir=%40fstore%2Fapp&targets=n1,%40web&force=true&ttlSeconds=90", upload.RawUrl);
        Assert.Equal(("application/x-tar", -1L), (upload.ContentType, upload.ContentLength));
    }

    [Fact]
    public async Task Upload_WithoutForceOrTtl_SendsFalseAndZero()
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        await using var brain = UploadBrain.Start(body => body.CopyToAsync(Stream.Null), UploadBrain.Placed("n1", "notes.txt", "/tmp", 6));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "notes.txt", "/tmp", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/files/upload?dir=%2Ftmp&targets=n1&force=false&ttlSeconds=0", brain.Requests.Single(r => r.Method == "POST").RawUrl);
    }

    [Fact]
    public async Task Upload_SingleFile_IsOneEntryNamedByItsFileName()
    {
        var file = _runner.Directory.Write(Path.Combine("deep", "er", "app.conf"), "port = 80\n");
        File.SetLastWriteTimeUtc(file, Old.UtcDateTime);
        IReadOnlyList<ReceivedEntry> entries = [];
        await using var brain = UploadBrain.Start(async body => entries = await TarContents.ReadAsync(body), UploadBrain.Placed("n1", "app.conf", "/etc/app", 10));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", file, "/etc/app", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var entry = Assert.Single(entries);
        Assert.Equal(("app.conf", TarEntryType.RegularFile, Old, "port = 80\n"), (entry.Name, entry.Type, entry.ModificationTime, Encoding.UTF8.GetString(entry.Content!)));
    }

    [Fact]
    public async Task Upload_MissingLocalPath_ExitsUsageWithoutAnyRequest()
    {
        await using var brain = UploadBrain.Start(body => body.CopyToAsync(Stream.Null), UploadBrain.Placed("n1", "x", "/tmp", 0));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "no-such-dir", "/tmp", "n1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: {Path.Combine(_runner.Directory.Path, "no-such-dir")} does not exist: give a local file or directory to upload\n", result.Error);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Upload_BrainRefuses_IsReportedExactlyAsCmdRunReportsIt()
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        var problem = new ApiProblem { Title = "Forbidden", Status = 403, Detail = "the token's workgroup /lab does not include node n9" };
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 403, Samples.Json(problem), "application/problem+json"));

        var upload = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "notes.txt", "/tmp", "n9");
        var run = await _runner.RunAsync("--brain", brain.Address.ToString(), "cmd", "run", "ls", "n9");

        Assert.Equal((ExitCodes.Unauthorized, "error: the Brain refused the request (403): the token's workgroup /lab does not include node n9\n", ""),
            (upload.ExitCode, upload.Error, upload.Out));
        Assert.Equal((run.ExitCode, run.Error, run.Out), (upload.ExitCode, upload.Error, upload.Out));
    }

    [Fact]
    public async Task Upload_NodeResults_AreShownAndCountedAsCmdRunDoes()
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        await using var brain = UploadBrain.Start(
            body => body.CopyToAsync(Stream.Null),
            UploadBrain.Placed("n1", "notes.txt", "/srv", 6), UploadBrain.Failed("n2", "no space left on device"));

        var table = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "notes.txt", "/srv", "n1", "n2");
        var json = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "file", "upload", "notes.txt", "/srv", "n1", "n2");

        Assert.Equal(ExitCodes.TaskFailed, table.ExitCode);
        Assert.Contains("n1 · succeeded · exit 0 · 12 ms\nplaced notes.txt in /srv (6 bytes received)\n", table.Out, StringComparison.Ordinal);
        Assert.Contains("no space left on device", table.Out, StringComparison.Ordinal);
        Assert.EndsWith("2 nodes: 1 succeeded, 1 failed, 0 unreachable\n", table.Out, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.TaskFailed, ""), (json.ExitCode, json.Error));
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(("b-1", 2, 1, 1), (document.RootElement.GetProperty("batchId").GetString(), document.RootElement.GetProperty("total").GetInt32(),
            document.RootElement.GetProperty("succeeded").GetInt32(), document.RootElement.GetProperty("failed").GetInt32()));
        Assert.Equal(["n1", "n2"], document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("node").GetString()));
    }

    [Fact]
    public async Task Upload_TreeWithFifoAndSocket_SkipsThemWithWarningsAndSendsTheRest()
    {
        var tree = Path.Combine(_runner.Directory.Path, "run");
        Directory.CreateDirectory(tree);
        var fifoPath = Path.Combine(tree, "app.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifoPath]))
        {
            await mkfifo.WaitForExitAsync().Within("mkfifo");
            Assert.Equal(0, mkfifo.ExitCode);
        }

        WriteFile(Path.Combine(tree, "app.pid"), "42\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteFile(Path.Combine(tree, "empty.log"), "", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var socketPath = Path.Combine(tree, "app.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        IReadOnlyList<ReceivedEntry> entries = [];
        await using var brain = UploadBrain.Start(async body => entries = await TarContents.ReadAsync(body), UploadBrain.Placed("n1", "run", "/tmp", 3));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "run", "/tmp", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(["run/", "run/app.pid", "run/empty.log"], entries.Select(e => e.Name));
        Assert.Equal(TarEntryType.RegularFile, entries[2].Type);
        Assert.Equal(
            $"warning: skipping {fifoPath}: it is a FIFO; only files, directories and symbolic links are uploaded\n" +
            $"warning: skipping {socketPath}: it is a socket or another special file; only files, directories and symbolic links are uploaded\n",
            result.Error);
    }

    [Fact]
    public async Task Upload_InterruptedWhileSending_StopsAndExitsCancelledWithNothingSubmitted()
    {
        await using (var file = File.Create(Path.Combine(_runner.Directory.Path, "big.bin")))
        {
            file.SetLength(64L * 1024 * 1024);
        }

        var receiving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = UploadBrain.Start(
            async body =>
            {
                await body.ReadExactlyAsync(new byte[64 * 1024]);
                receiving.TrySetResult();
                await release.Task;
            },
            UploadBrain.Placed("n1", "big.bin", "/tmp", 0));
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(interrupt.Token, "--brain", brain.Address.ToString(), "file", "upload", "big.bin", "/tmp", "n1");
            await receiving.Task.Within("the upload to start arriving");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
            Assert.Equal("error: interrupted\n", result.Error);
            Assert.DoesNotContain(brain.Requests, r => r.Path != ApiRoutes.FilesUpload);
        }
        finally
        {
            release.SetResult();
        }
    }

    public void Dispose() => _runner.Dispose();

    private static (TarEntryType, UnixFileMode, DateTimeOffset) Attributes(ReceivedEntry entry) => (entry.Type, entry.Mode, entry.ModificationTime);

    private static void WriteFile(string path, string text, UnixFileMode mode)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, Old.UtcDateTime);
    }

    private static void SetDirectory(string path, UnixFileMode mode, DateTimeOffset modified)
    {
        File.SetUnixFileMode(path, mode);
        Directory.SetLastWriteTimeUtc(path, modified.UtcDateTime);
    }
}
