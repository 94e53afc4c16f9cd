namespace Octopoda.Protocol.Api;

/// <summary>Fetch a URL from each target node's vantage point; the body becomes the task's stdout.</summary>
public sealed record HttpGetRequest
{
    /// <summary>An absolute http or https URL.</summary>
    public required string Url { get; init; }

    /// <summary>Node names, <c>ALL</c> or <c>@all</c>.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Largest body, in bytes (default and maximum 1 MiB).</summary>
    public int? MaxBytes { get; init; }

    /// <summary>Give up after this many seconds (default 10, at most 300).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How long a task may wait for an offline node, in seconds.</summary>
    public int TtlSeconds { get; init; }
}
