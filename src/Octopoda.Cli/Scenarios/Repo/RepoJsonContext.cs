using System.Text.Json.Serialization;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>Source-generated JSON for the <c>scen repo</c> reports, with the conventions of the protocol's context.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(RepoPushReport))]
[JsonSerializable(typeof(RepoCloneReport))]
internal sealed partial class RepoJsonContext : JsonSerializerContext;
