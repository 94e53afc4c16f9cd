namespace Octopoda.Protocol.Tasks;

/// <summary>
/// A <see cref="TaskKinds.FileList"/> task: list the directory at <see cref="Path"/> (or describe the one file there),
/// succeeding with a <see cref="Files.FileListing"/> as JSON on stdout. Symbolic links are listed, not followed.
/// </summary>
public sealed record FileListPayload
{
    /// <summary>The largest listing a node sends; more entries set <see cref="Files.FileListing.Truncated"/>.</summary>
    public const int MaxEntries = 5000;

    /// <summary>What to list, on the node: absolute, relative to <c>@fstore</c>, or starting with a path variable.</summary>
    public required string Path { get; init; }
}
