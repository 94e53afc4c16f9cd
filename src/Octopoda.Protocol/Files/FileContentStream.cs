namespace Octopoda.Protocol.Files;

/// <summary>
/// A file's content as its tar entry carries it: exactly the length the file had when it was opened, since the
/// entry's header, written first, states that length. A file that grows meanwhile is cut there (as tar does); one
/// that shrinks fails the archive rather than making a corrupt one. Reports each block read (for a progress bar).
/// </summary>
public sealed class FileContentStream(FileStream file, Action<long> progress) : Stream
{
    private readonly long _length = file.Length;
    private long _position;

    public override bool CanRead => true;

    // TarWriter reads Length - Position of a seekable data stream for the entry's size; nothing seeks it.
    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(file.Read(buffer[..wanted]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(await file.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Wanted(int room) => (int)Math.Min(room, _length - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"{file.Name} shrank while it was being read (from {_length} to {_position} bytes); try again");
        }

        _position += read;
        progress(read);
        return read;
    }
}
