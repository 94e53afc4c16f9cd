using System.Text.Json;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Brain.Api;

/// <summary>RFC 7807 problem responses: the one shape every API error takes.</summary>
internal static class Problems
{
    public static IResult Result(int status, string title, string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Json(
            new ApiProblem { Type = TypeFor(status), Title = title, Status = status, Detail = detail, Errors = errors },
            ProtocolJsonContext.Default.ApiProblem,
            "application/problem+json",
            status);

    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Result(StatusCodes.Status400BadRequest, "Bad request", detail, errors);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Forbidden(string detail) => Result(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>The title problems with this status carry.</summary>
    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "Error",
    };

    public static IResult Conflict(string detail, IDictionary<string, string[]>? errors = null) =>
        Result(StatusCodes.Status409Conflict, "Conflict", detail, errors);

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(
            context.Response.Body,
            new ApiProblem { Type = TypeFor(status), Title = title, Status = status, Detail = detail, Errors = errors },
            ProtocolJsonContext.Default.ApiProblem,
            context.RequestAborted);
    }

    private static string TypeFor(int status) => $"https://httpstatuses.io/{status}";
}
