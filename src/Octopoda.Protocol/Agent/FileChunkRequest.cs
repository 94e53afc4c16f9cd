namespace Octopoda.Protocol.Agent;

/// <summary>
/// Asks for a range of a transfer's stream. The receiver drives the transfer: it asks from what it has verified
/// and written (so a transfer resumes after a cut link by asking again) and keeps a bounded window outstanding, so
/// file traffic cannot crowd out control messages. The answer is <see cref="Files.FileChunk"/> frames covering the
/// range in order; a range the sender cannot serve is answered by one chunk carrying an error.
/// </summary>
public sealed record FileChunkRequest
{
    /// <summary>The transfer's id.</summary>
    public required string TransferId { get; init; }

    /// <summary>The first byte wanted.</summary>
    public required long Offset { get; init; }

    /// <summary>How many bytes, at most <see cref="Files.FileChunk.MaxRequestBytes"/>.</summary>
    public required int Length { get; init; }
}
