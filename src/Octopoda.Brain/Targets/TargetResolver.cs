using Octopoda.Brain.Nodes;
using Octopoda.Protocol.Enrollment;

namespace Octopoda.Brain.Targets;

/// <summary>
/// Turns a target list into node names: the one place targets are interpreted (the workgroup issue adds
/// <c>@group</c> paths and scope here). <c>ALL</c>, <c>@all</c>, <c>@ALL</c> and <c>@</c> mean every known node;
/// other entries are node names and must exist. Entries may be comma-separated. Order is kept, duplicates dropped.
/// </summary>
internal sealed class TargetResolver(NodeRegistry nodes)
{
    // Bounds the work one request can ask for: more entries than any fleet we serve has nodes.
    public const int MaxEntries = 10_000;

    public TargetResolution Resolve(IEnumerable<string>? targets, bool emptyMeansAll)
    {
        var entries = Split(targets);
        if (entries.Count == 0)
        {
            return emptyMeansAll
                ? new TargetResolution(AllNodes(), [])
                : new TargetResolution([], ["no targets given: name nodes, or ALL / @all for every node"]);
        }

        if (entries.Count > MaxEntries)
        {
            return new TargetResolution([], [$"too many targets ({entries.Count}); at most {MaxEntries}"]);
        }

        var resolved = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<string>();
        foreach (var entry in entries)
        {
            if (entry is "ALL" or "@all" or "@ALL" or "@")
            {
                foreach (var name in AllNodes())
                {
                    if (seen.Add(name))
                    {
                        resolved.Add(name);
                    }
                }
            }
            else if (entry.StartsWith('@'))
            {
                invalid.Add($"{Printable(entry)}: unknown group (workgroups are not available yet; use @all)");
            }
            else if (!NodeNames.IsValid(entry))
            {
                invalid.Add($"{Printable(entry)}: not a valid node name ({NodeNames.Rule})");
            }
            else if (!nodes.Contains(entry))
            {
                invalid.Add($"{entry}: unknown node");
            }
            else if (seen.Add(entry))
            {
                resolved.Add(entry);
            }
        }

        return new TargetResolution(resolved, invalid);
    }

    private List<string> AllNodes() => [.. nodes.Names.Order(StringComparer.Ordinal)];

    private static List<string> Split(IEnumerable<string>? targets) =>
        targets is null
            ? []
            : [.. targets.SelectMany(t => (t ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    // Echo bad input back safely: bounded and without control characters.
    private static string Printable(string entry)
    {
        var clean = new string([.. entry.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return entry.Length > 80 ? clean + "…" : clean;
    }
}
