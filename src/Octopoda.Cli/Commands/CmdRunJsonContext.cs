using System.Text.Json.Serialization;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Commands;

/// <summary>Source-generated JSON for octl's own documents, with the same conventions as <see cref="ProtocolJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter<TaskState>), typeof(CamelCaseEnumConverter<NodeState>)],
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CmdRunReport))]
internal sealed partial class CmdRunJsonContext : JsonSerializerContext;
