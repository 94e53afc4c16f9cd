namespace Octopoda.Brain.Audit;

/// <summary>Bounds and cleans what goes into audit lines, so a huge or hostile request cannot bloat or garble the log.</summary>
internal static class AuditText
{
    public const int MaxSubjectChars = 1024;
    public const int MaxTargetsChars = 1024;
    public const int MaxOutcomeChars = 512;

    public static string? Bound(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        var clean = text.Length > max ? text[..(max - 1)] + "…" : text;
        return clean.Any(char.IsControl) ? new string([.. clean.Select(c => c is '\n' or '\t' ? ' ' : char.IsControl(c) ? '?' : c)]) : clean;
    }

    public static string? Targets(IReadOnlyCollection<string>? nodes) =>
        nodes is null || nodes.Count == 0 ? null : Bound(string.Join(',', nodes), MaxTargetsChars);
}
