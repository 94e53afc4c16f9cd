using System.Buffers;
using System.Security.Cryptography;

namespace Octopoda.Client;

/// <summary>
/// A download in progress (<see cref="OctopodaClient.DownloadAsync"/>): the tar stream the Brain is sending, with the
/// length and SHA-256 it declared for it. Read it once, with <see cref="CopyToAsync"/> (which checks both) or from
/// <see cref="Content"/>; dispose it to close the connection.
/// </summary>
public sealed class FileDownload : IDisposable, IAsyncDisposable
{
    /// <summary>The copy buffer: the size <see cref="Stream.CopyToAsync(Stream)"/> uses, below the large-object heap.</summary>
    private const int BufferSize = 81_920;

    private readonly HttpResponseMessage _response;
    private int _read;

    internal FileDownload(HttpResponseMessage response, Stream content, long length, string sha256)
    {
        _response = response;
        Content = content;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>
    /// The body as it arrives, unchecked: a POSIX tar stream whose one top-level entry is the downloaded path's last
    /// name. A transport failure while reading it is an <see cref="OctopodaException"/>.
    /// </summary>
    public Stream Content { get; }

    /// <summary>The body's length in bytes (its Content-Length).</summary>
    public long Length { get; }

    /// <summary>The SHA-256 of the whole body as the Brain declared it, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// Copies the whole body to <paramref name="destination"/>, hashing it on the way, and checks it is exactly
    /// <see cref="Length"/> bytes with the SHA-256 <see cref="Sha256"/>; throws <see cref="FileIntegrityException"/>
    /// when it is not (what was written must then be discarded). <paramref name="progress"/> gets the bytes copied so
    /// far after each block.
    /// </summary>
    /// <exception cref="InvalidOperationException">The body has already been read.</exception>
    public async Task CopyToAsync(Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Interlocked.Exchange(ref _read, 1) != 0)
        {
            throw new InvalidOperationException("The download has already been read; its body can be read only once.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long copied = 0;
        try
        {
            while (await Content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false) is var read and > 0)
            {
                copied += read;
                if (copied > Length)
                {
                    throw new FileIntegrityException($"the download is longer than the {Length} bytes the Brain declared; it was discarded: try again");
                }

                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Report(copied);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (copied != Length)
        {
            throw new FileIntegrityException($"the download ended after {copied} of the {Length} bytes the Brain declared; it was discarded: try again");
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, Sha256, StringComparison.Ordinal))
        {
            throw new FileIntegrityException($"the download's SHA-256 is {actual}, not the {Sha256} the Brain declared; it was discarded: try again");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
