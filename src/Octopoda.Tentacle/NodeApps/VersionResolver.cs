namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// Finds the version a user means: a full hash or a prefix of at least <see cref="MinimumPrefix"/> hex digits, matched
/// against the distinct hashes of the history (a reset repeats a hash, which must not make its prefix ambiguous).
/// </summary>
internal static class VersionResolver
{
    public const int MinimumPrefix = 3;

    private const string Listing = "`octl napp version` lists them";

    /// <summary>The full hash, or null with <paramref name="error"/> saying why.</summary>
    public static string? Resolve(IEnumerable<HistoryEntry> history, string version, out string? error)
    {
        var prefix = version.Trim().ToLowerInvariant();
        if (prefix.Length < MinimumPrefix)
        {
            error = $"'{version}' is too short: give at least {MinimumPrefix} hex digits of a version; {Listing}";
            return null;
        }

        var candidates = history.Select(v => v.Hash)
            .Where(h => h.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        switch (candidates.Count)
        {
            case 0:
                error = $"no version starts with '{version}'; {Listing}";
                return null;
            case 1:
                error = null;
                return candidates[0];
            default:
                error = $"'{version}' is ambiguous: it starts {candidates.Count} versions ({string.Join(", ", candidates)}); give more digits";
                return null;
        }
    }
}
