namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// The <c>.gitignore</c> files of one tree, as git reads them: each file's patterns apply to paths relative to its
/// own directory; the deepest file with a matching pattern decides (within a file the last match wins, and
/// <c>!</c> re-includes); a path under an ignored directory is ignored whatever the deeper files say. A pattern
/// without a slash sees the name only, one with a slash the whole path relative to its file (<see cref="IgnorePattern"/>).
/// Paths use '/' and are relative to the tree's root; the root is "".
/// </summary>
internal sealed class IgnoreRules
{
    /// <summary>The name of the files read.</summary>
    public const string FileName = ".gitignore";

    private readonly Dictionary<string, IReadOnlyList<IgnorePattern>> _layers = new(StringComparer.Ordinal);

    /// <summary>Adds the patterns of the <c>.gitignore</c> in <paramref name="directory"/> (relative, "" for the root).</summary>
    public void Add(string directory, string text)
    {
        var patterns = Parse(text);
        if (patterns.Count > 0)
        {
            _layers[directory] = patterns;
        }
    }

    /// <summary>True when <paramref name="path"/> or any directory above it is ignored.</summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        if (_layers.Count == 0)
        {
            return false;
        }

        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (Matches(path[..slash], isDirectory: true))
            {
                return true;
            }
        }

        return Matches(path, isDirectory);
    }

    /// <summary>True when <paramref name="path"/> itself is ignored; for a walk that never enters an ignored directory.</summary>
    public bool IsIgnoredEntry(string path, bool isDirectory) => _layers.Count > 0 && Matches(path, isDirectory);

    /// <summary>The patterns of one file's text: blank lines and comments skipped, unescaped trailing spaces trimmed.</summary>
    internal static IReadOnlyList<IgnorePattern> Parse(string text)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = TrimTrailingSpaces(raw.TrimEnd('\r'));
            if (line.Length > 0 && line[0] != '#' && IgnorePattern.Parse(line) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        line = line[..end];

        // An escaped trailing space ("a\ ") is a literal space, written as a bracket expression for the glob converter.
        return line.EndsWith("\\ ", StringComparison.Ordinal) ? line[..^2] + "[ ]" : line;
    }

    private static bool PatternMatches(IgnorePattern pattern, string relative, bool isDirectory)
    {
        if (pattern.HasSlash)
        {
            return pattern.IsMatch(relative, isDirectory);
        }

        if (pattern.Anchored)
        {
            // "/name" matches only at the .gitignore's own level.
            return !relative.Contains('/', StringComparison.Ordinal) && pattern.IsMatch(relative, isDirectory);
        }

        return pattern.IsMatch(relative[(relative.LastIndexOf('/') + 1)..], isDirectory);
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private bool Matches(string path, bool isDirectory)
    {
        var directory = ParentOf(path);
        while (true)
        {
            if (_layers.TryGetValue(directory, out var patterns))
            {
                var relative = directory.Length == 0 ? path : path[(directory.Length + 1)..];
                bool? verdict = null;
                foreach (var pattern in patterns)
                {
                    if (PatternMatches(pattern, relative, isDirectory))
                    {
                        verdict = !pattern.Negated;
                    }
                }

                if (verdict is { } ignored)
                {
                    return ignored;
                }
            }

            if (directory.Length == 0)
            {
                return false;
            }

            directory = ParentOf(directory);
        }
    }
}
