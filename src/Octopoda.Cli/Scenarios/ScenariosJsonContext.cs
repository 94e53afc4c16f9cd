using System.Text.Json.Serialization;
using Octopoda.Cli.NodeApps;

namespace Octopoda.Cli.Scenarios;

/// <summary>Source-generated JSON for the scenario and NodeApp commands' own documents, with the conventions of the protocol's context.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ApplyReport))]
[JsonSerializable(typeof(NodeAppDetail))]
internal sealed partial class ScenariosJsonContext : JsonSerializerContext;
