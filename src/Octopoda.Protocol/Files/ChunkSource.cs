namespace Octopoda.Protocol.Files;

/// <summary>What a <see cref="ChunkSender"/> reads a transfer from: an open stream, or why there is none.</summary>
public readonly record struct ChunkSource(FileStream? Stream, string? Error)
{
    public static ChunkSource Of(FileStream stream) => new(stream, null);

    public static ChunkSource Refused(string error) => new(null, error);
}
