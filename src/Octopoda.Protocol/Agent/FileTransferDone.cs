namespace Octopoda.Protocol.Agent;

/// <summary>
/// Brain → Tentacle: the Brain holds the whole stream of a <c>file.pull</c> transfer (or gave up on it); the node
/// deletes its outgoing spool. A spool never released is removed after a day.
/// </summary>
public sealed record FileTransferDone
{
    /// <summary>The transfer's id.</summary>
    public required string TransferId { get; init; }
}
