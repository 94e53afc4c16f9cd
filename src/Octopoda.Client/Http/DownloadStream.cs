namespace Octopoda.Client.Http;

/// <summary>
/// A download's body as it arrives: each read must bring data within <c>idleTimeout</c> (a stalled connection
/// fails rather than hangs, while a long download has no overall deadline), and transport failures become
/// <see cref="OctopodaException"/>s naming the Brain.
/// </summary>
internal sealed class DownloadStream(Stream inner, TimeSpan idleTimeout, string brainAddress, FailureTranslator failures) : Stream
{
    private readonly CancellationTokenSource _idle = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // One timer for the whole download, restarted for each read (TryReset fails only once it has fired, and then
        // the read that saw it has already failed).
        if (!_idle.TryReset())
        {
            throw Stalled(null);
        }

        _idle.CancelAfter(idleTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        try
        {
            return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && _idle.IsCancellationRequested)
        {
            throw Stalled(ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw failures.Transport(ex);
        }
        finally
        {
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
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
            inner.Dispose();
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _idle.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private OctopodaException Stalled(Exception? inner) =>
        new($"the download from the Brain at {brainAddress} stalled: no data for {idleTimeout.TotalSeconds:0.#} s", isTransient: true, inner);
}
