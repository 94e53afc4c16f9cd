using System.Runtime.Versioning;
using System.Security.Cryptography;
using Octopoda.Client;
using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// Lands a download in a local directory the way a Tentacle lands an upload: the body goes to a temporary file
/// beside the target (<c>.octopoda-download-&lt;id&gt;.tar</c>, mode 0600), checked against the length and SHA-256
/// the Brain declared as it is written, then checked for one top-level entry and handed to
/// <see cref="FileInstaller"/>, which refuses anything that could reach outside the directory and renames the result
/// into place. The temporary file is removed whatever happens.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class DownloadPlacer : IAsyncDisposable
{
    private const string TempPrefix = ".octopoda-download-";

    private readonly FileStream _spool;
    private readonly string _spoolPath;

    private DownloadPlacer(string directory, string transferId, string spoolPath, FileStream spool)
    {
        Directory = directory;
        TransferId = transferId;
        _spoolPath = spoolPath;
        _spool = spool;
    }

    /// <summary>The directory the download lands in.</summary>
    public string Directory { get; }

    /// <summary>The download's id: names the temporary file and the staging directory.</summary>
    public string TransferId { get; }

    /// <summary>
    /// Creates the temporary file in <paramref name="directory"/>, before anything is asked of the Brain, so a
    /// directory that cannot be written is found at once (an <see cref="OctlUsageException"/>).
    /// </summary>
    public static DownloadPlacer Create(string directory)
    {
        var transferId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Join(directory, TempPrefix + transferId + ".tar");
        try
        {
            var spool = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.Read,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                BufferSize = 1 << 16,
                Options = FileOptions.Asynchronous,
            });
            return new DownloadPlacer(directory, transferId, path, spool);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot write in {directory}: {ex.Message}");
        }
    }

    /// <summary>
    /// Writes <paramref name="download"/> to the temporary file, reporting the bytes to <paramref name="progress"/>;
    /// a <see cref="FileIntegrityException"/> when it is not what the Brain declared. A local write failure (a full
    /// disk) is a value.
    /// </summary>
    public async Task<FileReceiveResult> ReceiveAsync(FileDownload download, Action<long> progress, CancellationToken cancellationToken)
    {
        try
        {
            await download.CopyToAsync(_spool, new DeltaProgress(progress), cancellationToken);
            await _spool.FlushAsync(cancellationToken);
            return FileReceiveResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The SDK reports the connection's failures as OctopodaExceptions: these are the local file's.
            return FileReceiveResult.Fail(
                ex is IOException io && FileErrors.IsDiskFull(io) ? FileFailure.DiskFull : FileFailure.Io,
                $"writing the download to {_spoolPath} failed: {ex.Message}");
        }
        finally
        {
            await _spool.DisposeAsync();
        }
    }

    /// <summary>
    /// Places what <see cref="ReceiveAsync"/> received (<paramref name="declaredSize"/> bytes): one top-level entry,
    /// named <paramref name="expectedName"/> when that is known, extracted and renamed in by <see cref="FileInstaller"/>.
    /// A refused archive is a value.
    /// </summary>
    public async Task<FileReceiveResult<PlacedEntries>> PlaceAsync(string? expectedName, long declaredSize, CancellationToken cancellationToken)
    {
        var top = await DownloadedTop.CheckAsync(_spoolPath, expectedName, cancellationToken);
        if (!top.Succeeded)
        {
            return FileReceiveResult<PlacedEntries>.From(top);
        }

        return await new FileInstaller(new SafeExtractor())
            .InstallAsync(_spoolPath, Directory, force: false, TransferId, declaredSize, cancellationToken);
    }

    /// <summary>Closes and removes the temporary file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _spool.DisposeAsync();
        try
        {
            File.Delete(_spoolPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing else can be done; the name says what it is (.octopoda-download-…), and its mode keeps it private.
        }
    }
}
