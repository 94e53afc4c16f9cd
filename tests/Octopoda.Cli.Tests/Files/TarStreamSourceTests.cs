using Octopoda.Cli.Files;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Files;

/// <summary>The tar stream written on the fly: failures reach the reader, and a stopped upload stops the writer.</summary>
public sealed class TarStreamSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Stream_SourceGoneWhenRead_EndsWithAUsageErrorInsteadOfAnEndOfArchive()
    {
        _directory.Write(Path.Combine("tree", "a.txt"), "a");
        var source = UploadSource.Resolve("tree", _directory.Path);
        Directory.Delete(Path.Combine(_directory.Path, "tree"), recursive: true);
        await using var tar = TarStreamSource.Start(source, _ => { }, _ => { });

        var failure = await Assert.ThrowsAsync<OctlUsageException>(() => tar.Stream.CopyToAsync(Stream.Null).Within("the tar stream of a vanished tree"));

        Assert.StartsWith("cannot read the directory to upload: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory.Path, "tree"), failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was uploaded", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ReaderStoppedEarly_StopsTheWriterWithoutReadingTheRest()
    {
        var big = Path.Combine(_directory.Path, "big.bin");
        await using (var file = File.Create(big))
        {
            file.SetLength(64L * 1024 * 1024);
        }

        long read = 0;
        var tar = TarStreamSource.Start(UploadSource.Resolve(big, _directory.Path), bytes => Interlocked.Add(ref read, bytes), _ => { });
        await tar.Stream.ReadExactlyAsync(new byte[4096]).AsTask().Within("the first block of the tar stream");

        await tar.DisposeAsync().AsTask().Within("the writer to stop");

        Assert.InRange(Interlocked.Read(ref read), 1, 8L * 1024 * 1024);
    }

    public void Dispose() => _directory.Dispose();
}
