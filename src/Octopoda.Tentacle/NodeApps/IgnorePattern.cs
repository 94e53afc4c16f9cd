using System.Text.RegularExpressions;
using MAB.DotIgnore;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// One pattern line of a <c>.gitignore</c>. MAB.DotIgnore parses it (<see cref="IgnoreRule"/>: negation, leading and
/// trailing slash) and turns the glob into a regular expression (<see cref="Matcher.ToRegex"/>); the match itself is
/// done here, against the exact name, because the library's own <see cref="IgnoreRule.IsMatch(string, bool)"/> trims
/// whitespace and drops ':' from paths ("a:b" could never match, " x" matched "x"), and its '$' and '.' treat a
/// newline specially where git does not.
/// </summary>
internal sealed class IgnorePattern
{
    // Paths are short, but a glob of many "**" backtracks; a pattern that runs this long matches nothing.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;
    private readonly bool _directoryOnly;

    private IgnorePattern(Regex regex, bool negated, bool directoryOnly, bool anchored, bool hasSlash)
    {
        _regex = regex;
        Negated = negated;
        _directoryOnly = directoryOnly;
        Anchored = anchored;
        HasSlash = hasSlash;
    }

    /// <summary>A "!" pattern: a match re-includes.</summary>
    public bool Negated { get; }

    /// <summary>A leading "/": matches only from the .gitignore's own directory.</summary>
    public bool Anchored { get; }

    /// <summary>A slash inside the pattern: it matches the whole path relative to the .gitignore's directory, not a name.</summary>
    public bool HasSlash { get; }

    /// <summary>The pattern of one line (already stripped of comments and trailing spaces); null when it is invalid.</summary>
    public static IgnorePattern? Parse(string line)
    {
        // "\!x" is a literal '!' (the library reads it as a negation bracket); it is parsed without it and put back.
        var literalBang = line.StartsWith("\\!", StringComparison.Ordinal);
        var text = literalBang ? line[2..] : line;
        if (text.Length == 0 || text is "!" or "/" or "!/")
        {
            return null;
        }

        try
        {
            var rule = new IgnoreRule(text, MatchFlags.PATHNAME);
            var source = Matcher.ToRegex(rule.Pattern);
            if (source is null || source.Length < 2 || source[0] != '^' || source[^1] != '$')
            {
                return null;
            }

            source = (literalBang ? "^!" + source[1..^1] : source[..^1]) + @"\z";
            var regex = new Regex(source, RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);
            return new IgnorePattern(
                regex,
                rule.PatternFlags.HasFlag(PatternFlags.NEGATION),
                rule.PatternFlags.HasFlag(PatternFlags.DIRECTORY),
                rule.PatternFlags.HasFlag(PatternFlags.ABSOLUTE_PATH),
                rule.Pattern.Contains('/', StringComparison.Ordinal));
        }
        catch (ArgumentException)
        {
            return null; // an invalid glob (an unterminated '[') matches nothing in git either
        }
    }

    /// <summary>True when <paramref name="candidate"/> (a name, or a path relative to the .gitignore) matches.</summary>
    public bool IsMatch(string candidate, bool isDirectory)
    {
        if (_directoryOnly && !isDirectory)
        {
            return false;
        }

        try
        {
            return _regex.IsMatch(candidate);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
