using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>Builds dispatches as the Brain would send them.</summary>
internal static class Dispatches
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public static TaskDispatch Command(string command, string? id = null, bool parallel = false, int? timeoutSeconds = null) =>
        Of(TaskKinds.Command, new CommandPayload { Command = command, TimeoutSeconds = timeoutSeconds }, ProtocolJsonContext.Default.CommandPayload, id) with { Parallel = parallel };

    public static TaskDispatch Of<T>(string kind, T payload, JsonTypeInfo<T> typeInfo, string? id = null) => new()
    {
        TaskId = id ?? NewId(),
        Kind = kind,
        Payload = JsonSerializer.Serialize(payload, typeInfo),
    };
}
