using Octopoda.Protocol.Scenarios;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>A commit's result: the newest version, and whether this commit appended it (false: nothing changed).</summary>
internal sealed record CommitOutcome(NodeAppVersion Version, bool Appended);
