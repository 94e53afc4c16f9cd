namespace Octopoda.Protocol.Tasks;

/// <summary>
/// A <see cref="TaskKinds.FilePush"/> task: fetch the transfer's tar stream from the Brain in chunks
/// (<see cref="Agent.FileChunkRequest"/>), check it whole, and place its entries in <see cref="TargetDirectory"/>.
/// </summary>
public sealed record FilePushPayload
{
    /// <summary>The transfer's id: 32 lower-case hex digits; names the stream on the Brain and the spool on the node.</summary>
    public required string TransferId { get; init; }

    /// <summary>Where the entries go, on the node: absolute, relative to <c>@fstore</c>, or starting with a path variable.</summary>
    public required string TargetDirectory { get; init; }

    /// <summary>Create the target directory when it does not exist (<c>-f</c>).</summary>
    public bool Force { get; init; }

    /// <summary>The stream's length in bytes.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>The SHA-256 of the whole stream, lower-case hex.</summary>
    public required string Sha256 { get; init; }
}
