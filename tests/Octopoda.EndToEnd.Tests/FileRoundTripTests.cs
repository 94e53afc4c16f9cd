using System.Text.Json;
using Octopoda.Testing;

namespace Octopoda.EndToEnd.Tests;

/// <summary>
/// File distribution as a user runs it: separate brain, tentacle and octl processes. A tree goes up with
/// <c>file upload</c>, is listed with <c>file ls</c>, comes back with <c>file download</c> equal to the original, and
/// travels through the Brain's store (<c>upload … brain</c>, <c>spread</c>) and from node to node (<c>copy</c>).
/// </summary>
public sealed class FileRoundTripTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Modified = new(2022, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private ProcessFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ProcessFleet.StartAsync("node1", "node2");

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task UploadLsDownload_RoundTripsATree_AndStoreSpreadCopy_DeliverItUnchanged()
    {
        var source = Path.Combine(_fleet.Directory("local"), "tree");
        var original = TreeSnapshot.MakeSample(source, Modified);

        await Octl("file", "upload", "-f", source, "roundtrip", "node1");

        var ls = await Octl("file", "ls", "roundtrip/tree", "node1", "-o", "json");
        using (var listing = JsonDocument.Parse(ls))
        {
            var names = listing.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
            Assert.Equal(["bin", "index.html", "link", "odd 'name' \"q\"\nline"], names);
        }

        var table = await Octl("file", "ls", "roundtrip/tree", "node1");
        Assert.Contains("-rw-r--r--", table, StringComparison.Ordinal);
        Assert.Contains("link -> index.html", table, StringComparison.Ordinal);

        var back = _fleet.Directory("downloaded");
        await Octl("file", "download", "roundtrip/tree", back, "node1");
        Assert.Equal(original, TreeSnapshot.Of(Path.Combine(back, "tree")));

        // Through the Brain's store to node2, then from node2 to node1 directly.
        await Octl("file", "upload", source, "kept", "brain");
        Assert.Contains("kept/tree", await Octl("file", "ls", "brain"), StringComparison.Ordinal);
        await Octl("file", "spread", "-f", "kept/tree", "spread", "node2");
        Assert.Equal(original, TreeSnapshot.Of(Path.Combine(_fleet.TentacleData("node2"), "fstore", "spread", "tree")));
        await Octl("file", "copy", "-f", "node2:spread/tree", "node1:copied");
        Assert.Equal(original, TreeSnapshot.Of(Path.Combine(_fleet.TentacleData("node1"), "fstore", "copied", "tree")));
    }

    /// <summary>Runs octl and returns its stdout, failing with its output when it does not exit 0.</summary>
    private async Task<string> Octl(params string[] arguments)
    {
        var (exit, stdout, stderr) = await _fleet.OctlAsync(arguments);
        Assert.True(exit == 0, $"octl {string.Join(' ', arguments)} exited {exit}:\n{stdout}\n{stderr}");
        return stdout;
    }
}
