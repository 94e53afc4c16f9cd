using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Api;
using Octopoda.Protocol.Files;

namespace Octopoda.Brain.Files;

/// <summary>
/// The Brain's spool of transfer streams (<c>&lt;dataDir&gt;/files/spool/&lt;transfer&gt;</c>): an upload is written
/// there as it arrives, hashed on the way, then served to every target node in chunks from the file, so the Brain's
/// memory does not grow with the size of a transfer and a node that reconnects resumes where it stopped. A stream
/// becomes visible under its id only once complete (written as <c>.part</c>, then renamed).
/// </summary>
internal sealed class FileSpool(IOptions<BrainOptions> options)
{
    private const int CopyBufferBytes = 128 * 1024;

    public string Directory { get; } = Path.Combine(options.Value.DataDirectory, "files", "spool");

    /// <summary>Writes <paramref name="body"/> under <paramref name="transferId"/>; returns its length and SHA-256 (hex).</summary>
    public async Task<(long Length, string Sha256)> ReceiveAsync(string transferId, Stream body, CancellationToken cancellationToken)
    {
        var max = options.Value.Files.MaxTransferBytes;
        System.IO.Directory.CreateDirectory(Directory);
        var part = PathOf(transferId) + ".part";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        try
        {
            await using (var file = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, FileOptions.Asynchronous))
            {
                var buffer = new byte[CopyBufferBytes];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > max)
                    {
                        throw new RequestRefusedException(StatusCodes.Status413PayloadTooLarge,
                            $"The transfer is larger than this Brain's limit of {max} bytes (files.maxTransferBytes); nothing was sent.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(part, PathOf(transferId));
            return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(part);
            throw;
        }
    }

    /// <summary>Takes a complete, verified stream written elsewhere on the same file system in under <paramref name="transferId"/>.</summary>
    public void Adopt(string path, string transferId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.Move(path, PathOf(transferId));
    }

    /// <summary>Moves a complete stream out of the spool to <paramref name="destination"/> (replacing what is there).</summary>
    public void MoveOut(string transferId, string destination) => File.Move(PathOf(transferId), destination, overwrite: true);

    /// <summary>True when the transfer's stream is here.</summary>
    public bool Exists(string transferId) => File.Exists(PathOf(transferId));

    /// <summary>Opens the stream for reading (shared, so many nodes read at once).</summary>
    public FileStream OpenRead(string transferId) =>
        new(PathOf(transferId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferBytes, FileOptions.Asynchronous | FileOptions.RandomAccess);

    public void Delete(string transferId) => File.Delete(PathOf(transferId));

    /// <summary>Deletes what an upload cut short left behind.</summary>
    public void DeletePartial(string transferId) => File.Delete(PathOf(transferId) + ".part");

    /// <summary>Deletes pulls from nodes that were cut short (a Brain that stopped mid-pull) and are older than <paramref name="cutoffUtc"/>.</summary>
    public int DeleteStaleIncoming(DateTime cutoffUtc)
    {
        var incoming = ChunkSpool.IncomingDirectory(options.Value.DataDirectory);
        if (!System.IO.Directory.Exists(incoming))
        {
            return 0;
        }

        var stale = System.IO.Directory.EnumerateFiles(incoming).Where(f => File.GetLastWriteTimeUtc(f) < cutoffUtc).ToList();
        stale.ForEach(File.Delete);
        return stale.Count;
    }

    /// <summary>The ids of complete streams, and of partial ones (<c>.part</c>) with their last write times.</summary>
    public IEnumerable<(string TransferId, bool Complete, DateTime LastWriteUtc)> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            var complete = !name.EndsWith(".part", StringComparison.Ordinal);
            var id = complete ? name : name[..^".part".Length];
            if (FileChunk.IsValidTransferId(id))
            {
                yield return (id, complete, File.GetLastWriteTimeUtc(path));
            }
        }
    }

    private string PathOf(string transferId) =>
        FileChunk.IsValidTransferId(transferId)
            ? Path.Combine(Directory, transferId)
            : throw new ArgumentException("A transfer id is 32 lower-case hex digits.", nameof(transferId));
}
