namespace Octopoda.Protocol.Tasks;

/// <summary>
/// A <see cref="TaskKinds.FilePull"/> task: write the file or directory at <see cref="Path"/> as a tar stream into the
/// node's outgoing spool (<c>&lt;dataDir&gt;/files/outgoing/&lt;transferId&gt;.tar</c>; its top-level entry is the
/// path's last name), then succeed with a <see cref="Files.FileStreamInfo"/> as JSON on stdout. The Brain then
/// fetches the stream with <see cref="Agent.FileChunkRequest"/>s and says <see cref="Agent.FileTransferDone"/>.
/// </summary>
public sealed record FilePullPayload
{
    /// <summary>The transfer's id: 32 lower-case hex digits; names the outgoing spool.</summary>
    public required string TransferId { get; init; }

    /// <summary>What to send, on the node: absolute, relative to <c>@fstore</c>, or starting with a path variable.</summary>
    public required string Path { get; init; }
}
