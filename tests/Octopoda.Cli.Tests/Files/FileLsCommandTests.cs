using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Files;

/// <summary><c>octl file ls</c> against a fake Brain: what it asks for, and the three output formats.</summary>
public sealed class FileLsCommandTests : IDisposable
{
    private static readonly long Modified = new DateTimeOffset(2025, 11, 21, 12, 5, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly FileListing Listing = new()
    {
        Path = "/var/lib/octopoda/fstore",
        Entries =
        [
            new FileEntryView { Name = "app", Type = FileEntryView.Directory, Size = 4096, Mode = 0b111_101_101, ModifiedUnixMs = Modified },
            new FileEntryView { Name = "current", Type = FileEntryView.Symlink, Size = 3, Mode = 0b111_111_111, ModifiedUnixMs = Modified, LinkTarget = "app" },
            new FileEntryView { Name = "it's a \"note\".txt", Type = FileEntryView.File, Size = 12, Mode = 0b110_100_000, ModifiedUnixMs = Modified },
        ],
    };

    private readonly OctlRunner _runner = new() { Time = ZonedTimeProvider.Utc(-5) };

    [Fact]
    public async Task Ls_NodeWithoutDirectory_ListsFstoreAsLsDoes()
    {
        await using var brain = Serving(Listing);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "ls", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/files/list?node=n1&path=%40fstore", Assert.Single(brain.Requests).RawUrl);
        Assert.Equal(
            "n1:/var/lib/octopoda/fstore\n"
            + "drwxr-xr-x  4096  2025-11-21 07:05  app\n"
            + "lrwxrwxrwx     3  2025-11-21 07:05  current -> app\n"
            + "-rw-r-----    12  2025-11-21 07:05  it's a \"note\".txt\n",
            result.Out);
    }

    [Fact]
    public async Task Ls_DirectoryWithSpacesAndQuotes_IsSentUntouched()
    {
        await using var brain = Serving(Listing);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "ls", "/srv/my \"app\"'s dir", "web 1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/api/v1/files/list?node=web%201&path=%2Fsrv%2Fmy%20%22app%22%27s%20dir", Assert.Single(brain.Requests).RawUrl);
    }

    [Fact]
    public async Task Ls_Json_PrintsTheListingAsSent()
    {
        await using var brain = Serving(Listing);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "json", "file", "ls", "@log", "n1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(Listing.Entries, JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.FileListing)!.Entries);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Ls_Lines_PrintsNamesOnly()
    {
        await using var brain = Serving(Listing);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "-o", "lines", "file", "ls", "n1");

        Assert.Equal("app\ncurrent\nit's a \"note\".txt\n", result.Out);
    }

    [Fact]
    public async Task Ls_Brain_ListsTheStoreUnderThePrefix()
    {
        var store = new FileListing
        {
            Path = "brain:app",
            Entries = [new FileEntryView { Name = "app/app.conf", Type = FileEntryView.File, Size = 2048, Mode = 0b110_100_100, ModifiedUnixMs = Modified }],
        };
        await using var brain = Serving(store);

        var all = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "ls", "brain");
        var prefixed = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "ls", "app", "brain");

        Assert.True(prefixed.ExitCode == ExitCodes.Success, prefixed.ToString());
        Assert.Equal(["/api/v1/files/store", "/api/v1/files/store?prefix=app"], brain.Requests.Select(r => r.RawUrl));
        Assert.Equal("brain:app\n-rw-r--r--  2048  2025-11-21 07:05  app/app.conf\n", prefixed.Out);
        Assert.Equal(ExitCodes.Success, all.ExitCode);
    }

    [Fact]
    public async Task Ls_EmptyAndTruncated_SayWhatIsMissing()
    {
        await using var empty = Serving(new FileListing { Path = "/srv/empty", Entries = [] });
        await using var truncated = Serving(Listing with { Truncated = true });

        var none = await _runner.RunAsync("--brain", empty.Address.ToString(), "file", "ls", "/srv/empty", "n1");
        var cut = await _runner.RunAsync("--brain", truncated.Address.ToString(), "file", "ls", "n1");

        Assert.Equal("nothing in n1:/srv/empty\n", none.Out);
        Assert.Equal("note: only the first 3 entries are shown; list a directory further down to see the rest\n", cut.Error);
    }

    [Fact]
    public async Task Ls_NodeOffline_ExitsApiErrorWithTheBrainsReason()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(
            context, 409, Samples.Json(new ApiProblem { Status = 409, Detail = "node n1 is offline" }), "application/problem+json"));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "ls", "n1");

        Assert.Equal((ExitCodes.ApiError, "error: node n1 is offline\n"), (result.ExitCode, result.Error));
    }

    [Theory]
    [InlineData("file", "ls")]
    [InlineData("file", "ls", "a", "b", "n1")]
    [InlineData("file", "ls", "", "n1")]
    [InlineData("file", "ls", "/srv", "")]
    public async Task Ls_BadArguments_ExitUsageWithoutAnyRequest(params string[] args)
    {
        await using var brain = Serving(Listing);

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Empty(brain.Requests);
    }

    public void Dispose() => _runner.Dispose();

    private static FakeBrain Serving(FileListing listing) =>
        FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, Samples.Json(listing, ProtocolJsonContext.Default.FileListing)));
}
