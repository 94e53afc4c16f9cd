using Octopoda.Protocol.Api;

namespace Octopoda.Client;

/// <summary>The Brain answered with an HTTP error; <see cref="Problem"/> holds its problem details when it sent them.</summary>
public sealed class OctopodaApiException : OctopodaException
{
    /// <summary>The problem's <c>errors</c> key under which the Brain lists the matches of an ambiguous prefix.</summary>
    public const string CandidatesKey = "candidates";

    /// <summary>Creates an exception for an error answer.</summary>
    /// <param name="message">What the Brain said.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="problem">The parsed problem document, if any.</param>
    public OctopodaApiException(string message, int statusCode, ApiProblem? problem)
        : base(message, IsTransientStatus(statusCode))
    {
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>The HTTP status the Brain answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The Brain's RFC 7807 problem document, when the body was one.</summary>
    public ApiProblem? Problem { get; }

    /// <summary>
    /// When an id prefix matched more than one item (HTTP 409), the matches as the Brain describes them, e.g.
    /// <c>3f2a… (node1, command: uname -a)</c>; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> Candidates =>
        Problem?.Errors is { } errors && errors.TryGetValue(CandidatesKey, out var candidates) ? candidates : [];

    /// <summary>Request timeout, too many requests and the gateway/unavailable statuses may clear by themselves.</summary>
    private static bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or 502 or 503 or 504;
}
