namespace Octopoda.Brain.Files;

/// <summary>File transfer limits (<c>files:</c> in brain.yaml).</summary>
internal sealed class FileTransferOptions
{
    /// <summary>Largest transfer accepted, in bytes (default 8 GiB); a larger upload is refused with 413 and nothing kept.</summary>
    public long MaxTransferBytes { get; set; } = 8L * 1024 * 1024 * 1024;
}
