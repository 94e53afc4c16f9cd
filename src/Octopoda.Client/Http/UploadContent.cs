using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;

namespace Octopoda.Client.Http;

/// <summary>
/// A request body copied from the caller's stream while HttpClient sends it: never buffered, read once, its length
/// unknown unless the stream can seek (so it usually goes chunked). It keeps the source's own failure apart from the
/// connection's, so a file that cannot be read is not reported as a Brain that cannot be reached, and it says when the
/// last byte has gone.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    /// <summary>The copy buffer: the size <see cref="Stream.CopyToAsync(Stream)"/> uses, below the large-object heap.</summary>
    private const int BufferSize = 81_920;

    private readonly Stream _source;
    private readonly Action _sent;
    private int _started;

    /// <param name="source">Read to its end; not disposed.</param>
    /// <param name="mediaType">The body's content type.</param>
    /// <param name="sent">Called once the whole body has been handed to the connection.</param>
    public UploadContent(Stream source, string mediaType, Action sent)
    {
        _source = source;
        _sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    /// <summary>What reading the source threw, if it did; the upload failed because of it.</summary>
    public ExceptionDispatchInfo? SourceFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The source is consumed as it is sent; a second attempt (a retry on a fresh connection) would send a tail.
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The upload stream has already been sent; it is read as it goes and cannot be sent twice.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (await ReadSourceAsync(buffer, cancellationToken).ConfigureAwait(false) is var read and > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _sent();
    }

    protected override bool TryComputeLength(out long length)
    {
        // Known only for a stream that can seek (a file); the Brain then refuses an oversized one before it is sent.
        length = _source.CanSeek ? Math.Max(0, _source.Length - _source.Position) : 0;
        return _source.CanSeek;
    }

    private async ValueTask<int> ReadSourceAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            SourceFailure = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }
}
