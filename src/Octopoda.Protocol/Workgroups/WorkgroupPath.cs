using System.Diagnostics.CodeAnalysis;

namespace Octopoda.Protocol.Workgroups;

/// <summary>
/// A workgroup's place in the tree: <c>/</c> (the root, holding every node) or an absolute path such as
/// <c>/room1/alice</c>. Always canonical: one slash between segments, no trailing slash, no <c>.</c> or <c>..</c>.
/// Each segment follows the node-name rule, so paths are safe in URLs, logs and file names.
/// </summary>
public readonly record struct WorkgroupPath
{
    /// <summary>Deepest path allowed.</summary>
    public const int MaxDepth = 16;

    /// <summary>What a valid segment looks like, for error messages.</summary>
    public const string SegmentRule = "1-63 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    private readonly string? _value;

    private WorkgroupPath(string value) => _value = value;

    /// <summary>The root: every node, the admin's account.</summary>
    public static WorkgroupPath Root { get; } = new("/");

    /// <summary>The canonical text, e.g. <c>/room1/alice</c>.</summary>
    public string Value => _value ?? "/";

    public bool IsRoot => Value == "/";

    /// <summary>The segments, outermost first; empty for the root.</summary>
    public IReadOnlyList<string> Segments => IsRoot ? [] : Value[1..].Split('/');

    /// <summary>The last segment; empty for the root.</summary>
    public string Name => IsRoot ? "" : Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>The enclosing path; the root's parent is the root.</summary>
    public WorkgroupPath Parent => IsRoot ? this : new(Value.LastIndexOf('/') == 0 ? "/" : Value[..Value.LastIndexOf('/')]);

    public int Depth => Segments.Count;

    /// <summary>Parses an absolute path; false (with the reason) for anything else.</summary>
    public static bool TryParse(string? text, out WorkgroupPath path, [NotNullWhen(false)] out string? error)
    {
        path = Root;
        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            error = $"'{Printable(text)}' is not an absolute workgroup path: start it with '/', e.g. /room1/alice";
            return false;
        }

        return TryResolve(Root, text, out path, out error);
    }

    /// <summary>
    /// Resolves <paramref name="text"/> against <paramref name="current"/> as a shell resolves <c>cd</c>: absolute
    /// paths stand alone; relative ones (<c>g1</c>, <c>a/b</c>, <c>..</c>, <c>.</c>) start from the current path.
    /// </summary>
    public static bool TryResolve(WorkgroupPath current, string? text, out WorkgroupPath path, [NotNullWhen(false)] out string? error)
    {
        path = current;
        if (text is null || text.Length > 1024)
        {
            error = "a workgroup path must be given, at most 1024 characters";
            return false;
        }

        var segments = text.StartsWith('/') ? new List<string>() : [.. current.Segments];
        foreach (var segment in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (segment)
            {
                case ".":
                    continue;
                case "..":
                    if (segments.Count == 0)
                    {
                        error = $"'{Printable(text)}' climbs above the root";
                        return false;
                    }

                    segments.RemoveAt(segments.Count - 1);
                    continue;
                default:
                    if (!Enrollment.NodeNames.IsValid(segment))
                    {
                        error = $"'{Printable(segment)}' is not a valid workgroup name ({SegmentRule})";
                        return false;
                    }

                    segments.Add(segment);
                    break;
            }
        }

        if (segments.Count > MaxDepth)
        {
            error = $"'{Printable(text)}' is deeper than {MaxDepth} levels";
            return false;
        }

        path = segments.Count == 0 ? Root : new WorkgroupPath("/" + string.Join('/', segments));
        error = null;
        return true;
    }

    /// <summary>Parses an absolute path or throws <see cref="FormatException"/> with the reason.</summary>
    public static WorkgroupPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    /// <summary>True when this path is <paramref name="ancestor"/> or lies under it.</summary>
    public bool IsAtOrUnder(WorkgroupPath ancestor) =>
        ancestor.IsRoot || Value == ancestor.Value || Value.StartsWith(ancestor.Value + "/", StringComparison.Ordinal);

    /// <summary>The direct child named <paramref name="name"/> (a valid segment).</summary>
    public WorkgroupPath Child(string name) =>
        Enrollment.NodeNames.IsValid(name) && Depth < MaxDepth
            ? new(IsRoot ? "/" + name : Value + "/" + name)
            : throw new ArgumentException($"'{Printable(name)}' is not a valid workgroup name ({SegmentRule}).", nameof(name));

    public override string ToString() => Value;

    private static string Printable(string? text) => text is null ? "" : text.Length > 64 ? text[..64] + "…" : text;
}
