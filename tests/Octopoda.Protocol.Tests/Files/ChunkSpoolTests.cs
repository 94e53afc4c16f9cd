using System.Security.Cryptography;
using Octopoda.Protocol.Files;
using Octopoda.Testing;

namespace Octopoda.Protocol.Tests.Files;

public sealed class ChunkSpoolTests : IDisposable
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    private readonly TestDirectory _dir = new("chunk-spool");
    private readonly byte[] _stream = RandomNumberGenerator.GetBytes(700_000);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_OverAPlantedLink_ReplacesTheLink_AndNeverWritesThroughIt()
    {
        var victim = Path.Combine(_dir.Path, "victim.txt");
        await File.WriteAllTextAsync(victim, "keep me");
        File.SetUnixFileMode(victim, (UnixFileMode)0b110_100_100);
        Directory.CreateDirectory(ChunkSpool.IncomingDirectory(_dir.Path));
        File.CreateSymbolicLink(ChunkSpool.PathFor(_dir.Path, Id), victim);

        using (var spool = Open())
        {
            Ok(await AppendAsync(spool, 0, 1000));
        }

        Assert.Equal("keep me", await File.ReadAllTextAsync(victim));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(victim));
        Assert.Null(new FileInfo(ChunkSpool.PathFor(_dir.Path, Id)).LinkTarget);
        Assert.Equal(1000, new FileInfo(ChunkSpool.PathFor(_dir.Path, Id)).Length);
    }

    [Fact]
    public async Task Append_InOrderChunks_GrowTheSpoolToTheWholeStream()
    {
        using var spool = Open();

        var lengths = new List<long>();
        for (var offset = 0; offset < _stream.Length; offset += ChunkSpool.MaxChunkBytes)
        {
            lengths.Add(Ok(await AppendAsync(spool, offset, Math.Min(ChunkSpool.MaxChunkBytes, _stream.Length - offset))));
        }

        Assert.Equal([262_144, 524_288, 700_000], lengths);
        Assert.Equal(_stream.Length, spool.Length);
        Assert.Equal(_stream, await File.ReadAllBytesAsync(ChunkSpool.PathFor(_dir.Path, Id)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(spool.Path));
    }

    [Fact]
    public async Task Append_BadHash_IsRefusedAndNothingIsWritten()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));

        var wrongHash = SHA256.HashData(_stream.AsSpan(0, 999));
        var result = await spool.AppendAsync(1000, _stream.AsMemory(1000, 1000), wrongHash);

        Assert.Equal(FileFailure.BadChunk, result.Failure);
        Assert.Contains("SHA-256", result.Error, StringComparison.Ordinal);
        Assert.Equal(1000, spool.Length);
        Assert.Equal(1000, new FileInfo(spool.Path).Length);
    }

    [Fact]
    public async Task Append_DamagedData_IsRefused()
    {
        using var spool = Open();
        var data = _stream[..1000];
        var hash = SHA256.HashData(data);
        data[500] ^= 0xff;

        var result = await spool.AppendAsync(0, data, hash);

        Assert.Equal(FileFailure.BadChunk, result.Failure);
        Assert.Equal(0, spool.Length);
    }

    [Fact]
    public async Task Append_ResendOfWrittenBytes_IsAcknowledgedWithoutWriting()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));
        Ok(await AppendAsync(spool, 1000, 1000));

        Assert.Equal(2000, Ok(await AppendAsync(spool, 0, 1000)));
        Assert.Equal(2000, Ok(await AppendAsync(spool, 500, 1500)));
        Assert.Equal(2000, spool.Length);
        Assert.Equal(_stream[..2000], await File.ReadAllBytesAsync(spool.Path));
    }

    [Fact]
    public async Task Append_ResendStraddlingTheLength_WritesOnlyItsNewPart()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));

        Assert.Equal(3000, Ok(await AppendAsync(spool, 400, 2600)));
        Assert.Equal(_stream[..3000], await File.ReadAllBytesAsync(spool.Path));
    }

    [Fact]
    public async Task Append_StraddlingChunkWithBadHash_IsRefusedWhole()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));
        var data = _stream[500..1500];
        var hash = SHA256.HashData(data);
        data[0] ^= 1; // damage only in the part already held

        var result = await spool.AppendAsync(500, data, hash);

        Assert.Equal(FileFailure.BadChunk, result.Failure);
        Assert.Equal(1000, spool.Length);
    }

    [Fact]
    public async Task Append_Gap_IsRefusedNamingTheResumePoint()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));

        var result = await AppendAsync(spool, 1001, 1000);

        Assert.Equal(FileFailure.OutOfOrder, result.Failure);
        Assert.Contains("resume from offset 1000", result.Error, StringComparison.Ordinal);
        Assert.Equal(1000, spool.Length);
        Assert.Equal(1000, new FileInfo(spool.Path).Length);
    }

    [Fact]
    public async Task Append_OversizeEmptyOrNegative_IsRefused()
    {
        using var spool = Open();

        Assert.Equal(FileFailure.BadChunk, (await AppendAsync(spool, 0, ChunkSpool.MaxChunkBytes + 1)).Failure);
        Assert.Equal(FileFailure.BadChunk, (await spool.AppendAsync(0, ReadOnlyMemory<byte>.Empty, SHA256.HashData(ReadOnlySpan<byte>.Empty))).Failure);
        Assert.Equal(FileFailure.InvalidTransfer, (await spool.AppendAsync(-1, _stream.AsMemory(0, 10), SHA256.HashData(_stream.AsSpan(0, 10)))).Failure);
        Assert.Equal(0, spool.Length);
    }

    [Fact]
    public async Task Open_AfterACrash_ResumesAtThePersistedLength()
    {
        var first = Open();
        Ok(await AppendAsync(first, 0, 100_000));
        Ok(await AppendAsync(first, 100_000, 50_000));
        // A crash: the first instance is never disposed.

        using var second = Open();

        Assert.Equal(150_000, second.Length);
        Assert.Equal(FileFailure.OutOfOrder, (await AppendAsync(second, 200_000, 10)).Failure);
        Ok(await AppendAsync(second, 150_000, 250_000));
        Ok(await AppendAsync(second, 400_000, 250_000));
        Ok(await AppendAsync(second, 650_000, 50_000));
        Assert.True((await second.VerifyAsync(_stream.Length, SHA256.HashData(_stream))).Succeeded);
        first.Dispose();
    }

    [Fact]
    public async Task Verify_WholeStreamAndItsHash_Succeeds()
    {
        using var spool = await FullSpoolAsync();

        var result = await spool.VerifyAsync(_stream.Length, SHA256.HashData(_stream));

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Verify_WrongTotalHash_IsCorrupt()
    {
        using var spool = await FullSpoolAsync();
        var other = (byte[])_stream.Clone();
        other[^1] ^= 1;

        var result = await spool.VerifyAsync(_stream.Length, SHA256.HashData(other));

        Assert.Equal(FileFailure.Corrupt, result.Failure);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(_stream)), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ShortOrLongSpool_SaysWhichAndWhereToResume()
    {
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 1000));

        var shorter = await spool.VerifyAsync(2000, SHA256.HashData(_stream.AsSpan(0, 2000)));
        var longer = await spool.VerifyAsync(999, SHA256.HashData(_stream.AsSpan(0, 999)));

        Assert.Equal(FileFailure.Incomplete, shorter.Failure);
        Assert.Contains("offset 1000", shorter.Error, StringComparison.Ordinal);
        Assert.Equal(FileFailure.Corrupt, longer.Failure);
    }

    [Theory]
    [InlineData("../../../../tmp/x")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef")]
    [InlineData("")]
    public void Open_MalformedTransferId_IsRefusedBeforeAnyPath(string id)
    {
        var result = ChunkSpool.Open(_dir.Path, id);

        Assert.Equal(FileFailure.InvalidTransfer, result.Failure);
        Assert.False(Directory.Exists(ChunkSpool.IncomingDirectory(_dir.Path)));
    }

    [Fact]
    public async Task Append_NoSpaceLeft_FailsAsDiskFullAndTheLengthStays()
    {
        // A real 256 KiB file system: the second chunk of 200 KB does not fit.
        using var small = SmallFileSystem.Mount(ChunkSpool.IncomingDirectory(_dir.Path), 256);
        using var spool = Open();
        Ok(await AppendAsync(spool, 0, 200_000));

        var result = await AppendAsync(spool, 200_000, 200_000);

        Assert.Equal(FileFailure.DiskFull, result.Failure);
        Assert.Contains("no space left", result.Error, StringComparison.Ordinal);
        Assert.Equal(200_000, spool.Length);
        // What did not fit was taken back: the file holds exactly what was acknowledged.
        Assert.Equal(200_000, new FileInfo(spool.Path).Length);
    }

    [Fact]
    public async Task Delete_RemovesTheSpool()
    {
        var spool = Open();
        Ok(await AppendAsync(spool, 0, 10));

        spool.Delete();

        Assert.False(File.Exists(ChunkSpool.PathFor(_dir.Path, Id)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => AppendAsync(spool, 10, 10));
    }

    private ChunkSpool Open()
    {
        var result = ChunkSpool.Open(_dir.Path, Id);
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }

    private async Task<ChunkSpool> FullSpoolAsync()
    {
        var spool = Open();
        for (var offset = 0; offset < _stream.Length; offset += ChunkSpool.MaxChunkBytes)
        {
            Ok(await AppendAsync(spool, offset, Math.Min(ChunkSpool.MaxChunkBytes, _stream.Length - offset)));
        }

        return spool;
    }

    private Task<FileReceiveResult<long>> AppendAsync(ChunkSpool spool, int offset, int count) =>
        spool.AppendAsync(offset, _stream.AsMemory(offset, count), SHA256.HashData(_stream.AsSpan(offset, count)));

    private static long Ok(FileReceiveResult<long> result)
    {
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }
}
