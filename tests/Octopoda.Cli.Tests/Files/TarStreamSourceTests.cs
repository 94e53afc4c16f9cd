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

    [Fact]
    public async Task FileContent_FileShrinksWhileRead_FailsNamingIt()
    {
        var path = _directory.Write("log.txt", new string('x', 100_000));
        await using var content = new FileContentStream(File.OpenRead(path), _ => { });
        File.WriteAllText(path, "short");

        var failure = await Assert.ThrowsAsync<IOException>(() => content.CopyToAsync(Stream.Null));

        Assert.Equal($"{path} shrank while it was being read (from 100000 to 5 bytes); nothing was uploaded, try again", failure.Message);
    }

    [Fact]
    public async Task FileContent_FileGrowsWhileRead_IsCutAtTheLengthItHadWhenOpened()
    {
        var path = _directory.Write("log.txt", "first line\n");
        long reported = 0;
        await using var content = new FileContentStream(File.OpenRead(path), bytes => reported += bytes);
        await File.AppendAllTextAsync(path, "second line\n");
        using var copy = new MemoryStream();

        await content.CopyToAsync(copy);

        Assert.Equal(("first line\n", 11L, 11L), (System.Text.Encoding.UTF8.GetString(copy.ToArray()), content.Length, reported));
    }

    public void Dispose() => _directory.Dispose();
}
