using System.Text.Json.Serialization;

namespace Octopoda.Cli.Files;

/// <summary>Source-generated JSON for the file commands' own documents, with the conventions of the protocol's context.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DownloadReport))]
internal sealed partial class FilesJsonContext : JsonSerializerContext;
