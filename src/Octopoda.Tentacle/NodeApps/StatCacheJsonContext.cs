using System.Text.Json.Serialization;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>The stat cache's file: compact, it may hold 100,000 entries.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, StatCacheEntry>))]
internal sealed partial class StatCacheJsonContext : JsonSerializerContext;
