using Octopoda.Protocol.Scenarios;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// One stored version. <see cref="Time"/> is written as ISO 8601 with its offset (always +00:00) and read back to the
/// same tick: never local clock text, which an earlier product re-read as UTC and so shifted on every save.
/// </summary>
internal sealed record HistoryEntry(string Hash, DateTimeOffset Time, string Message)
{
    public NodeAppVersion ToVersion() => new() { Hash = Hash, Time = Time, Message = Message };
}
