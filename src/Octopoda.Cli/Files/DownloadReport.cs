namespace Octopoda.Cli.Files;

/// <summary>The JSON document <c>octl file download -o json</c> prints.</summary>
internal sealed record DownloadReport
{
    public required string Node { get; init; }

    /// <summary>The path asked for, as given.</summary>
    public required string Path { get; init; }

    /// <summary>The local directory it was placed in, absolute.</summary>
    public required string Directory { get; init; }

    /// <summary>The top-level names placed there.</summary>
    public required IReadOnlyList<string> Placed { get; init; }

    /// <summary>The tar stream's length.</summary>
    public long Bytes { get; init; }

    /// <summary>The tar stream's SHA-256, checked.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Anything left to tidy (a replaced entry whose old version could not be deleted).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
