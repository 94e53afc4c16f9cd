using System.Net.Http;
using System.Text.Json;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Client.Http;

/// <summary>Reads an error answer into an <see cref="OctopodaApiException"/>.</summary>
internal static class ProblemReader
{
    /// <summary>Longest piece of a non-JSON error body quoted in a message.</summary>
    private const int MaxQuotedBody = 300;

    public static async Task<OctopodaApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var problem = TryParse(response, body);
        return new OctopodaApiException(Describe(status, response.ReasonPhrase, problem, body), status, problem);
    }

    private static ApiProblem? TryParse(HttpResponseMessage response, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.IsNullOrWhiteSpace(body) || mediaType is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ApiProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(int status, string? reason, ApiProblem? problem, string body)
    {
        var headline = problem?.Detail ?? problem?.Title;
        if (headline is null)
        {
            var text = body.Trim();
            headline = text.Length is > 0 and <= MaxQuotedBody && problem is null
                ? $"the Brain answered {status} {reason}: {text}"
                : $"the Brain answered {status} {reason}";
        }

        if (problem?.Errors is not { Count: > 0 } errors)
        {
            return headline;
        }

        var items = errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"));
        return $"{headline} ({string.Join("; ", items)})";
    }
}
