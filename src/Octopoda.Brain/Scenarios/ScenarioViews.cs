using Octopoda.Brain.Store;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Brain.Scenarios;

/// <summary>Converts stored scenario rows to API views at the edge.</summary>
internal static class ScenarioViews
{
    public static ScenarioVersionView ToView(this ScenarioVersionRecord version) => new()
    {
        Hash = version.Hash,
        Time = version.Time,
        Message = version.Message,
        NodeApps = ScenarioHashes.Parse(version.NodeApps),
    };

    public static NodeAppVersion ToVersion(this NodeAppVersionRecord version) => new() { Hash = version.Hash, Time = version.Time, Message = version.Message };
}
