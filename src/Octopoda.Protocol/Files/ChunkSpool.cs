using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Octopoda.Protocol.Files;

/// <summary>
/// The incoming spool of one transfer, <c>&lt;dataDir&gt;/files/incoming/&lt;transferId&gt;.tar</c>. Each chunk is
/// checked against its SHA-256 before a byte of it is written, so <see cref="Length"/> — every byte up to it arrived
/// verified — is the resume point, and it survives a crash: a new instance opened on the same transfer starts from
/// the file's length. The file is fsynced every <see cref="FlushEveryBytes"/> and before it is verified (a flush per
/// chunk made a 100 MB transfer pay 400 disk flushes per node); a failed flush takes the length back to the last
/// flushed one.
/// </summary>
/// <remarks>
/// Bytes past <see cref="Length"/> can only be the start of a verified chunk whose write failed part-way; they are
/// truncated away before the next write, so the file never holds data that was not acknowledged in order. After a
/// power loss the file system is trusted to keep data before a size change (ext4's default ordered mode);
/// <see cref="VerifyAsync"/> over the whole stream is the final guard either way. One caller at a time appends;
/// calls are serialised.
/// </remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChunkSpool : IDisposable
{
    /// <summary>The largest chunk the agent link carries (ARCHITECTURE.md: binary frames of at most 256 KiB).</summary>
    public const int MaxChunkBytes = 256 * 1024;

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>How much is written between two flushes to disk.</summary>
    public const int FlushEveryBytes = 4 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SafeFileHandle _file;
    private long _length;
    private long _flushedLength;
    private bool _disposed;

    private ChunkSpool(string transferId, string path, SafeFileHandle file, long length)
    {
        TransferId = transferId;
        Path = path;
        _file = file;
        _length = length;
        _flushedLength = length;
    }

    public string TransferId { get; }

    public string Path { get; }

    /// <summary>Bytes received, verified and on disk: where the sender resumes.</summary>
    public long Length => Volatile.Read(ref _length);

    public static string IncomingDirectory(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "files", "incoming");

    public static string PathFor(string dataDirectory, string transferId) =>
        System.IO.Path.Combine(IncomingDirectory(dataDirectory), transferId + ".tar");

    /// <summary>Opens the spool of a transfer, creating it empty or resuming one left by an earlier run.</summary>
    public static FileReceiveResult<ChunkSpool> Open(string dataDirectory, string transferId)
    {
        var id = TransferIds.Check(transferId);
        if (!id.Succeeded)
        {
            return FileReceiveResult<ChunkSpool>.From(id);
        }

        var path = PathFor(dataDirectory, transferId);
        SafeFileHandle? file = null;
        try
        {
            Directory.CreateDirectory(IncomingDirectory(dataDirectory), PrivateDirectory);
            if (new FileInfo(path).LinkTarget is not null)
            {
                // Only this process writes here (the directory is private); a link is never written through.
                File.Delete(path);
            }

            file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            File.SetUnixFileMode(file, PrivateFile);
            return FileReceiveResult<ChunkSpool>.Ok(new ChunkSpool(transferId, path, file, RandomAccess.GetLength(file)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            return FileReceiveResult<ChunkSpool>.From(FileErrors.From(ex, $"opening the spool {path}"));
        }
    }

    /// <summary>
    /// Appends the chunk at <paramref name="offset"/> once its SHA-256 matches, and returns the new
    /// <see cref="Length"/>. A resend of bytes already held is acknowledged without writing; one that straddles the
    /// length contributes only its new part. A chunk past the length, too large or with a wrong hash changes nothing.
    /// </summary>
    public Task<FileReceiveResult<long>> AppendAsync(long offset, ReadOnlyMemory<byte> data, byte[] sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return AppendCoreAsync(offset, data, sha256, cancellationToken);
    }

    /// <summary>
    /// Appends a chunk whose SHA-256 its frame already proved (<see cref="FileChunk.TryDecode"/> checks it before a
    /// chunk is handed on), so it is not hashed a second time; otherwise as <see cref="AppendAsync(long, ReadOnlyMemory{byte}, byte[], CancellationToken)"/>.
    /// </summary>
    public Task<FileReceiveResult<long>> AppendCheckedAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        AppendCoreAsync(offset, data, null, cancellationToken);

    private async Task<FileReceiveResult<long>> AppendCoreAsync(long offset, ReadOnlyMemory<byte> data, byte[]? sha256, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var refused = Check(offset, data, sha256);
            if (refused is not null)
            {
                return FileReceiveResult<long>.From(refused);
            }

            var end = offset + data.Length;
            if (end <= _length)
            {
                return FileReceiveResult<long>.Ok(_length);
            }

            var written = await WriteAsync(data[(int)(_length - offset)..]).ConfigureAwait(false);
            return written.Succeeded ? FileReceiveResult<long>.Ok(_length) : FileReceiveResult<long>.From(written);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks that the spool holds exactly the transfer: its total length, then its SHA-256, read in a stream.</summary>
    public async Task<FileReceiveResult> VerifyAsync(long expectedTotalLength, byte[] expectedSha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedSha256);
        if (expectedTotalLength < 0 || expectedSha256.Length != SHA256.HashSizeInBytes)
        {
            return FileReceiveResult.Fail(FileFailure.InvalidTransfer, $"transfer {TransferId} declares {expectedTotalLength} bytes and a {expectedSha256.Length}-byte hash; a transfer needs a size ≥ 0 and a 32-byte SHA-256");
        }

        if (Volatile.Read(ref _length) > _flushedLength && Flush() is { Succeeded: false } unflushed)
        {
            return unflushed;
        }

        var length = Length;
        if (length < expectedTotalLength)
        {
            return FileReceiveResult.Fail(FileFailure.Incomplete, $"transfer {TransferId} has {length} of {expectedTotalLength} bytes: resume sending from offset {length}");
        }

        if (length > expectedTotalLength)
        {
            return FileReceiveResult.Fail(FileFailure.Corrupt, $"transfer {TransferId} holds {length} bytes but declares {expectedTotalLength}: send the file again");
        }

        byte[] actual;
        try
        {
            var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                actual = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileErrors.From(ex, $"reading the spool {Path}");
        }

        return CryptographicOperations.FixedTimeEquals(actual, expectedSha256)
            ? FileReceiveResult.Success
            : FileReceiveResult.Fail(FileFailure.Corrupt, $"transfer {TransferId}: the received stream's SHA-256 is {Convert.ToHexStringLower(actual)}, not the declared {Convert.ToHexStringLower(expectedSha256)}: send the file again");
    }

    /// <summary>A read-only stream of the spool, for extraction once it is verified.</summary>
    public FileStream OpenRead() =>
        new(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);

    /// <summary>Closes and removes the spool; the instance cannot be used afterwards.</summary>
    public void Delete()
    {
        Dispose();
        File.Delete(Path);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _file.Dispose();
    }

    private FileReceiveResult? Check(long offset, ReadOnlyMemory<byte> data, byte[]? sha256)
    {
        if (offset < 0)
        {
            return FileReceiveResult.Fail(FileFailure.InvalidTransfer, $"transfer {TransferId}: chunk offset {offset} is negative");
        }

        if (data.Length is 0 or > MaxChunkBytes)
        {
            return FileReceiveResult.Fail(FileFailure.BadChunk, $"transfer {TransferId}: a chunk of {data.Length} bytes at offset {offset}; chunks hold 1 to {MaxChunkBytes} bytes");
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        if (sha256 is not null && (SHA256.HashData(data.Span, actual) != actual.Length || !CryptographicOperations.FixedTimeEquals(actual, sha256)))
        {
            return FileReceiveResult.Fail(FileFailure.BadChunk, $"transfer {TransferId}: the chunk at offset {offset} ({data.Length} bytes) failed its SHA-256 check: send it again");
        }

        // Checked after the hash, so a damaged offset is reported as damage rather than as a gap.
        return offset > _length
            ? FileReceiveResult.Fail(FileFailure.OutOfOrder, $"transfer {TransferId}: a chunk at offset {offset}, but only {_length} bytes have arrived: resume from offset {_length}")
            : null;
    }

    private async Task<FileReceiveResult> WriteAsync(ReadOnlyMemory<byte> data)
    {
        try
        {
            // Leftovers of a write that failed part-way go first; the file must never run ahead of the length.
            if (RandomAccess.GetLength(_file) != _length)
            {
                RandomAccess.SetLength(_file, _length);
            }

            // Not cancellable: a write abandoned half-way would leave exactly the leftovers removed above.
            await RandomAccess.WriteAsync(_file, data, _length, CancellationToken.None).ConfigureAwait(false);
            _length += data.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TruncateToLength();
            return FileErrors.From(ex, $"writing {data.Length} bytes of transfer {TransferId} at offset {_length} to {Path}");
        }

        return _length - _flushedLength >= FlushEveryBytes ? Flush() : FileReceiveResult.Success;
    }

    /// <summary>Flushes what was written to disk; when that fails, the length goes back to what was flushed before.</summary>
    private FileReceiveResult Flush()
    {
        try
        {
            RandomAccess.FlushToDisk(_file);
            _flushedLength = _length;
            return FileReceiveResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _length = _flushedLength;
            TruncateToLength();
            return FileErrors.From(ex, $"flushing transfer {TransferId} to {Path}");
        }
    }

    private void TruncateToLength()
    {
        try
        {
            RandomAccess.SetLength(_file, _length);
            RandomAccess.FlushToDisk(_file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The next write truncates again before writing; until then the length in memory is what counts.
        }
    }
}
