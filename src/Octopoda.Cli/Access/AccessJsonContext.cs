using System.Text.Json.Serialization;

namespace Octopoda.Cli.Access;

/// <summary>Source-generated JSON for octl's access reports, with the conventions of the protocol's context.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(AccessReport))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;
