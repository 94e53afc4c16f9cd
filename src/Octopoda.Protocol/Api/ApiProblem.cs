namespace Octopoda.Protocol.Api;

/// <summary>An RFC 7807 problem document, as the Brain returns it for every error.</summary>
public sealed record ApiProblem
{
    /// <summary>A URI naming the problem type.</summary>
    public string? Type { get; init; }

    /// <summary>A short summary.</summary>
    public string? Title { get; init; }

    /// <summary>The HTTP status.</summary>
    public int? Status { get; init; }

    /// <summary>What went wrong and what to do about it.</summary>
    public string? Detail { get; init; }

    /// <summary>Per-field or per-item errors (e.g. each invalid target name).</summary>
    public IDictionary<string, string[]>? Errors { get; init; }
}
