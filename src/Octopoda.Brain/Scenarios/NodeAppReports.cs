using System.Text.Json;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// Keeps the Brain's copy of NodeApp histories from the reports of finished NodeApp tasks, in the transaction that
/// stores the result (<see cref="Tasks.TaskUpdateWriter"/>): a version the node appended becomes a row, a deleted
/// NodeApp loses its rows. The NodeApp is the task's own (its node, and the app and scenario of its payload), never
/// what the report claims, so a node can only write its own NodeApps' history.
/// </summary>
internal static class NodeAppReports
{
    public static void Record(BrainDbContext db, TaskRecord task)
    {
        if (!TaskKinds.IsNodeApp(task.Kind) || task.Report is null || Read(task.Payload, ProtocolJsonContext.Default.NodeAppPayload) is not { } payload
            || Read(task.Report, ProtocolJsonContext.Default.NodeAppReport) is not { } report)
        {
            return;
        }

        if (report.Deleted)
        {
            bool Same(NodeAppVersionRecord v) => v.NodeName == task.NodeName && v.App == payload.App && v.Scenario == payload.Scenario;
            db.NodeAppVersions.RemoveRange(db.NodeAppVersions.Where(v => v.NodeName == task.NodeName && v.App == payload.App && v.Scenario == payload.Scenario));
            // Rows added earlier in this batch are not in the store yet.
            db.NodeAppVersions.RemoveRange(db.NodeAppVersions.Local.Where(Same).ToList());
            return;
        }

        if (report is { Appended: true, Version: { } version } && IsHash(version.Hash))
        {
            db.NodeAppVersions.Add(new NodeAppVersionRecord
            {
                NodeName = task.NodeName,
                App = payload.App,
                Scenario = payload.Scenario,
                Hash = version.Hash,
                Time = version.Time,
                Message = version.Message.Length > 1000 ? version.Message[..1000] : version.Message,
                TaskId = task.Id,
            });
        }
    }

    /// <summary>True for 64 lower-case hex digits.</summary>
    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    private static T? Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
