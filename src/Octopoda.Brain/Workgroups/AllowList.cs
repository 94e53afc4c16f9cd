using System.Text;
using System.Text.RegularExpressions;
using Octopoda.Brain.Api;

namespace Octopoda.Brain.Workgroups;

/// <summary>
/// Command allow-lists: a group may restrict the command lines run at or under it to patterns, where <c>*</c> matches
/// any run of characters (spaces included) and <c>?</c> one character, and the whole command line must match. A run
/// must pass the list of every group from the root down to the caller's current path that has one, so an account
/// cannot escape the list its parent set. Scripts are matched as <c>script &lt;name&gt;</c>.
/// </summary>
internal static class AllowList
{
    public const int MaxPatterns = 100;
    public const int MaxPatternChars = 256;
    public const int MaxStoredChars = MaxPatterns * (MaxPatternChars + 1);

    /// <summary>Checks and normalises patterns given by a caller; throws 400 naming the bad one.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string>? patterns)
    {
        var list = (patterns ?? []).Select(p => (p ?? "").Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > MaxPatterns)
        {
            throw RequestRefusedException.BadRequest($"{list.Count} patterns given; an allow-list holds at most {MaxPatterns}.");
        }

        if (list.FirstOrDefault(p => p.Length > MaxPatternChars || p.Any(char.IsControl)) is { } bad)
        {
            throw RequestRefusedException.BadRequest($"A pattern must be at most {MaxPatternChars} characters without control characters (line breaks included); '{Bound(bad)}' is not.");
        }

        return list;
    }

    /// <summary>True when <paramref name="commandLine"/> matches one of <paramref name="patterns"/>.</summary>
    public static bool Permits(IReadOnlyList<string> patterns, string commandLine) =>
        patterns.Any(p => Regex.IsMatch(commandLine, ToRegex(p), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));

    /// <summary>
    /// Refuses (403, naming the group and its patterns) a command line that some allow-list from the root down to the
    /// caller's current path does not permit. Called before any task is stored.
    /// </summary>
    public static async Task EnsurePermittedAsync(WorkgroupTree tree, Access.CallerScope scope, string commandLine, CancellationToken cancellationToken)
    {
        foreach (var (group, patterns) in await tree.AllowListsAboveAsync(scope.Current, cancellationToken))
        {
            if (!Permits(patterns, commandLine))
            {
                throw RequestRefusedException.Forbidden(
                    $"'{Bound(commandLine)}' is not allowed in {group}: its allow-list permits only {string.Join(", ", patterns.Select(p => $"'{p}'"))}. Nothing was run.");
            }
        }
    }

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('\n');

    public static string? Join(IReadOnlyList<string> patterns) => patterns.Count == 0 ? null : string.Join('\n', patterns);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return regex.Append('$').ToString();
    }

    private static string Bound(string text) => text.Length > 40 ? text[..40] + "…" : new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}
