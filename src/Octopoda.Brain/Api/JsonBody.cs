using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Octopoda.Brain.Api;

/// <summary>Reads a bounded JSON request body with the source-generated contracts, turning bad input into a 400.</summary>
internal static class JsonBody
{
    // Requests are small documents; the largest is a script to run (octl caps scripts at 1 MiB).
    public const long MaxBytes = 2 * 1024 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The request body exceeds {MaxBytes} bytes."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Problems.BadRequest("The request body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The request body is not valid JSON for this endpoint: {ex.Message}"));
        }
    }
}
