namespace Octopoda.Protocol.Files;

/// <summary>
/// What placing put into the target directory: the top-level names, and anything left to tidy (an entry that was
/// replaced but whose old version could not be deleted), each saying where and what to do.
/// </summary>
public sealed record PlacedEntries(IReadOnlyList<string> Names, IReadOnlyList<string> Warnings);
