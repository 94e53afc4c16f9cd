namespace Octopoda.Brain.Store;

/// <summary>
/// One scenario version: its content hash, derived from <see cref="NodeApps"/>, and why it was recorded. Rows are
/// only ever appended (a reset appends a version equal to the one restored).
/// </summary>
internal sealed class ScenarioVersionRecord
{
    public long Sequence { get; set; }

    public required string Scenario { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset Time { get; set; }

    public required string Message { get; set; }

    /// <summary>The NodeApps' hashes as sorted <c>app\tnode\thash</c> lines: exactly the text <see cref="Hash"/> is the SHA-256 of.</summary>
    public required string NodeApps { get; set; }
}
