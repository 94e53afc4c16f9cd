namespace Octopoda.Cli.Tests.Support;

/// <summary>A request the fake Brain received.</summary>
internal sealed record RecordedRequest(string Method, string RawUrl, string Body, string? Authorization, string? Accept)
{
    /// <summary>The path without the query.</summary>
    public string Path => RawUrl.Split('?')[0];
}
