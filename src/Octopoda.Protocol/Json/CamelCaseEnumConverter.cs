using System.Text.Json;
using System.Text.Json.Serialization;

namespace Octopoda.Protocol.Json;

/// <summary>Writes an enum as its camelCase name (<c>online</c>, <c>succeeded</c>), the form users see and script against.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
