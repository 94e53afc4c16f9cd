namespace Octopoda.Cli.Tests.Support;

/// <summary>A request the fake Brain received; <see cref="WorkgroupPath"/> is its <c>X-Octopoda-Path</c> header.</summary>
internal sealed record RecordedRequest(string Method, string RawUrl, string Body, string? Authorization, string? Accept, string? WorkgroupPath = null)
{
    /// <summary>The body's content type, if it has one.</summary>
    public string? ContentType { get; init; }

    /// <summary>The Content-Length header; -1 for a chunked body.</summary>
    public long ContentLength { get; init; }

    /// <summary>The path without the query.</summary>
    public string Path => RawUrl.Split('?')[0];
}
