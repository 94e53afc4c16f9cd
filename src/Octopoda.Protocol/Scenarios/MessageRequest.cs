namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// A message, and for resets the version to restore: the body of <c>POST …/commit</c> (no version),
/// <c>POST /scenarios/{name}/versions</c> (record a scenario version from its NodeApps' newest versions; no version),
/// <c>POST /scenarios/{name}/reset</c> and <c>POST /nodes/{node}/apps/{app@scenario}/reset</c> (a hash prefix of
/// at least <see cref="MinPrefix"/> characters, or the whole hash).
/// </summary>
public sealed record MessageRequest
{
    /// <summary>The shortest version prefix a reset accepts.</summary>
    public const int MinPrefix = 3;

    /// <summary>Why (at most 1,000 characters).</summary>
    public required string Message { get; init; }

    /// <summary>Resets: the version's hash or a prefix of it.</summary>
    public string? Version { get; init; }
}
