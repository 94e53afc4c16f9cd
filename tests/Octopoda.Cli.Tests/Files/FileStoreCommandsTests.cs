using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Files;

/// <summary>The Brain's file store from octl: <c>file upload … brain</c>, <c>file spread</c> and <c>file rm</c>.</summary>
public sealed class FileStoreCommandsTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task UploadToBrain_KeepsItUnderTargetDirAndBasename()
    {
        _runner.Directory.Write(Path.Combine("local", "it's a \"note\".txt"), "hello\n");
        IReadOnlyList<ReceivedEntry> entries = [];
        await using var brain = FakeBrain.Start(async (context, request) =>
        {
            entries = await TarContents.ReadAsync(context.Request.InputStream);
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            var name = context.Request.QueryString["name"]!;
            await FakeBrain.RespondAsync(context, (int)HttpStatusCode.Created, Samples.Json(Stored(name, 2048), ProtocolJsonContext.Default.FileEntryView));
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "upload", "local/it's a \"note\".txt", "/./my app/", "brain");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", "/api/v1/files/store?name=my%20app%2Fit%27s%20a%20%22note%22.txt", "application/x-tar"),
            (request.Method, request.RawUrl, request.ContentType));
        Assert.Equal(["it's a \"note\".txt"], entries.Select(e => e.Name));
        Assert.Equal(
            "kept my app/it's a \"note\".txt in the Brain's file store (2048 bytes); send it on to nodes with 'octl file spread <name> <targetDir> <targets…>'\n",
            result.Out);
    }

    [Fact]
    public async Task UploadToBrain_DotDirectoryAndJson_KeepsTheBasenameAndPrintsTheEntry()
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        await using var brain = FakeBrain.Start(async (context, _) =>
        {
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            await FakeBrain.RespondAsync(context, 201, Samples.Json(Stored(context.Request.QueryString["name"]!, 2048), ProtocolJsonContext.Default.FileEntryView));
        });

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "file", "upload", "notes.txt", ".", "brain");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/files/store?name=notes.txt", Assert.Single(brain.Requests).RawUrl);
        Assert.Equal("notes.txt", JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.FileEntryView)!.Name);
    }

    [Theory]
    [InlineData("brain", "n1")]
    [InlineData("n1", "brain")]
    [InlineData("@web", "brain", "n2")]
    public async Task UploadToBrain_MixedWithNodes_ExitsUsageWithoutAnyRequest(params string[] targets)
    {
        _runner.Directory.Write("notes.txt", "hello\n");
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), "file", "upload", "notes.txt", "/srv", .. targets]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(
            "error: 'brain' keeps the upload in the Brain's file store and cannot be mixed with node targets: "
            + "upload to brain alone, then send it on with 'octl file spread <name> <targetDir> <targets…>'\n",
            result.Error);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Spread_SendsTheRequestAndShowsResultsAsUploadDoes()
    {
        await using var brain = SubmittingBrain.Start(
            ApiRoutes.FilesSpread, UploadBrain.Placed("n1", "app.conf", "/etc/app", 10), UploadBrain.Failed("n2", "target directory /etc/app does not exist; use -f to create it"));

        var result = await _runner.RunAsync(
            "--brain", brain.Address.ToString(), "file", "spread", "-f", "--ttl", "2m", "app/it's \"x\"\nname", "/etc/my app", "n1", "@web");

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.FileSpreadRequest)!;
        Assert.Equal(("app/it's \"x\"\nname", "/etc/my app", true, 120), (request.Name, request.TargetDirectory, request.Force, request.TtlSeconds));
        Assert.Equal(["n1", "@web"], request.Targets);
        Assert.Contains("n1 · succeeded · exit 0 · 12 ms\nplaced app.conf in /etc/app (10 bytes received)\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("2 nodes: 1 succeeded, 1 failed, 0 unreachable\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spread_Defaults_AreNoForceAndNoTtl()
    {
        await using var brain = SubmittingBrain.Start(ApiRoutes.FilesSpread, UploadBrain.Placed("n1", "x", "/srv", 1));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "spread", "x", "/srv", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.FileSpreadRequest)!;
        Assert.Equal((false, 0), (request.Force, request.TtlSeconds));
    }

    [Theory]
    [InlineData("file", "spread", "x", "/srv")]
    [InlineData("file", "spread", "x", "/srv", "brain")]
    [InlineData("file", "spread", "x", "/srv", "n1", "brain")]
    [InlineData("file", "spread", "", "/srv", "n1")]
    [InlineData("file", "spread", "--ttl", "soon", "x", "/srv", "n1")]
    [InlineData("file", "rm", "x")]
    [InlineData("file", "rm", "x", "n1")]
    [InlineData("file", "rm", "", "brain")]
    public async Task BadArguments_ExitUsageWithoutAnyRequest(params string[] args)
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Rm_Brain_DeletesTheNameUntouched()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondNoContentAsync(context));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "rm", "my app/it's \"x\".txt", "brain");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("DELETE", "/api/v1/files/store?name=my%20app%2Fit%27s%20%22x%22.txt"), (request.Method, request.RawUrl));
        Assert.Equal("removed my app/it's \"x\".txt from the Brain's file store\n", result.Out);
    }

    [Fact]
    public async Task Rm_UnknownName_ExitsApiError()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(
            context, 404, Samples.Json(new ApiProblem { Status = 404, Detail = "nothing named app.conf in the store" }), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "rm", "app.conf", "brain");

        Assert.Equal((ExitCodes.ApiError, "error: nothing named app.conf in the store\n"), (result.ExitCode, result.Error));
    }

    public void Dispose() => _runner.Dispose();

    private static FileEntryView Stored(string name, long size) => new()
    {
        Name = name,
        Type = FileEntryView.File,
        Size = size,
        Mode = 0b110_100_100,
        ModifiedUnixMs = 0,
    };
}
