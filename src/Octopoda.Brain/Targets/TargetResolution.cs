namespace Octopoda.Brain.Targets;

/// <summary>The nodes a target list named, and every entry that named nothing valid, with why.</summary>
internal sealed record TargetResolution(IReadOnlyList<string> Nodes, IReadOnlyList<string> Invalid)
{
    public bool IsValid => Invalid.Count == 0;

    /// <summary>The invalid entries as a problem-details <c>errors</c> map.</summary>
    public IDictionary<string, string[]> ToErrors() => new Dictionary<string, string[]> { ["targets"] = [.. Invalid] };

    public string Describe() => $"{Invalid.Count} invalid target(s): {string.Join("; ", Invalid)}. Nothing was run.";
}
