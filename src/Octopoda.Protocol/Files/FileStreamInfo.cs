namespace Octopoda.Protocol.Files;

/// <summary>A tar stream ready to be fetched: the result of a <c>file.pull</c> task.</summary>
public sealed record FileStreamInfo
{
    /// <summary>The stream's length in bytes.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>The SHA-256 of the whole stream, lower-case hex.</summary>
    public required string Sha256 { get; init; }
}
