using System.Text.Json.Serialization;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>The NodeApp history file, indented so that it reads well with <c>cat</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(HistoryDocument))]
internal sealed partial class NodeAppJsonContext : JsonSerializerContext;
