namespace Octopoda.Protocol.Files;

/// <summary>One entry of a <see cref="FileListing"/>.</summary>
public sealed record FileEntryView
{
    /// <summary>The entry's name (in the Brain's store, its stored path).</summary>
    public required string Name { get; init; }

    /// <summary><c>file</c>, <c>directory</c>, <c>symlink</c> or <c>other</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Size in bytes (a file's length; for a stored directory, its stream's length).</summary>
    public required long Size { get; init; }

    /// <summary>Permission bits, e.g. 420 for <c>rw-r--r--</c>.</summary>
    public required int Mode { get; init; }

    /// <summary>Last modification, Unix ms.</summary>
    public required long ModifiedUnixMs { get; init; }

    /// <summary>Where a symbolic link points.</summary>
    public string? LinkTarget { get; init; }

    public const string File = "file";
    public const string Directory = "directory";
    public const string Symlink = "symlink";
    public const string Other = "other";
}
