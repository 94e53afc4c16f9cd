using Octopoda.Protocol.Files;
using Octopoda.Testing;

namespace Octopoda.Protocol.Tests.Files;

/// <summary>A file's content as a tar entry carries it: cut at the length it had when opened, never short.</summary>
public sealed class FileContentStreamTests : IDisposable
{
    private readonly TestDirectory _directory = new("file-content");

    [Fact]
    public async Task FileContent_FileShrinksWhileRead_FailsNamingIt()
    {
        var path = Path.Combine(_directory.Path, "log.txt");
        await File.WriteAllTextAsync(path, new string('x', 100_000));
        await using var content = new FileContentStream(File.OpenRead(path), _ => { });
        await File.WriteAllTextAsync(path, "short");

        var failure = await Assert.ThrowsAsync<IOException>(() => content.CopyToAsync(Stream.Null));

        Assert.Equal($"{path} shrank while it was being read (from 100000 to 5 bytes); try again", failure.Message);
    }

    [Fact]
    public async Task FileContent_FileGrowsWhileRead_IsCutAtTheLengthItHadWhenOpened()
    {
        var path = Path.Combine(_directory.Path, "log.txt");
        await File.WriteAllTextAsync(path, "first line\n");
        long reported = 0;
        await using var content = new FileContentStream(File.OpenRead(path), bytes => reported += bytes);
        await File.AppendAllTextAsync(path, "second line\n");
        using var copy = new MemoryStream();

        await content.CopyToAsync(copy);

        Assert.Equal(("first line\n", 11L, 11L), (System.Text.Encoding.UTF8.GetString(copy.ToArray()), content.Length, reported));
    }

    public void Dispose() => _directory.Dispose();
}
