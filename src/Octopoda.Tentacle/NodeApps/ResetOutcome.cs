using Octopoda.Protocol.Scenarios;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>A reset's result: the version it appended, or why it did not happen.</summary>
internal sealed record ResetOutcome(NodeAppVersion? Version, string? Error)
{
    public bool Succeeded => Error is null;
}
