namespace Octopoda.Protocol.Api;

/// <summary>
/// <c>POST /api/v1/files/copy</c>: copy a file or directory from one node to others through the Brain. The Brain
/// fetches it from <see cref="SourceNode"/> first (the request waits for that), then answers 202 with a
/// <see cref="RunSubmission"/> of the deliveries, like an upload.
/// </summary>
public sealed record FileCopyRequest
{
    public required string SourceNode { get; init; }

    /// <summary>The file or directory on the source node.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Where it goes on the targets.</summary>
    public required string TargetDirectory { get; init; }

    /// <summary>Node names, <c>@group</c>s or labels.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    public bool Force { get; init; }

    public int TtlSeconds { get; init; }
}
