using Octopoda.Brain.Access;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Targets;

/// <summary>
/// Turns a target list into node names within the caller's scope: the one place targets are interpreted.
/// <c>ALL</c>, <c>@all</c>, <c>@ALL</c> and <c>@</c> mean the members of the current path; <c>@group</c> (and nested
/// <c>@a/b</c>, or <c>@/room1/a</c>) is a workgroup relative to the current path, which must lie within the account;
/// other entries are node names, which must be in the account's nodes (403 otherwise, without saying whether such a
/// node exists) and enrolled. Entries may be comma-separated. Order is kept, duplicates dropped.
/// </summary>
internal sealed class TargetResolver(NodeRegistry nodes, WorkgroupTree tree)
{
    // Bounds the work one request can ask for: more entries than any fleet we serve has nodes.
    public const int MaxEntries = 10_000;

    public async Task<TargetResolution> ResolveAsync(IEnumerable<string>? targets, bool emptyMeansAll, CallerScope scope, CancellationToken cancellationToken)
    {
        var entries = Split(targets);
        if (entries.Count == 0)
        {
            return emptyMeansAll
                ? new TargetResolution(scope.CurrentNodes, [], [])
                : new TargetResolution([], ["no targets given: name nodes, @group, or ALL / @all for every node of the current workgroup"], []);
        }

        if (entries.Count > MaxEntries)
        {
            return new TargetResolution([], [$"too many targets ({entries.Count}); at most {MaxEntries}"], []);
        }

        var resolved = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<string>();
        var forbidden = new List<string>();
        void Add(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (seen.Add(name))
                {
                    resolved.Add(name);
                }
            }
        }

        foreach (var entry in entries)
        {
            if (entry is "ALL" or "@all" or "@ALL" or "@")
            {
                Add(scope.CurrentNodes);
            }
            else if (entry.StartsWith('@'))
            {
                if (!WorkgroupPath.TryResolve(scope.Current, entry[1..], out var path, out var error))
                {
                    invalid.Add($"{Printable(entry)}: {error}");
                }
                else if (!path.IsAtOrUnder(scope.Account))
                {
                    forbidden.Add($"{Printable(entry)}: {path} is outside your account {scope.Account}");
                }
                else if (!await tree.ExistsAsync(path, cancellationToken))
                {
                    invalid.Add($"{Printable(entry)}: no workgroup {path} ('octl wg ls' lists the groups here)");
                }
                else
                {
                    Add(path.IsRoot ? nodes.Names.Order(StringComparer.Ordinal) : await tree.MembersAsync(path, cancellationToken));
                }
            }
            else if (!NodeNames.IsValid(entry))
            {
                invalid.Add($"{Printable(entry)}: not a valid node name ({NodeNames.Rule})");
            }
            else if (!scope.Covers(entry))
            {
                forbidden.Add(scope.OutsideMessage(entry));
            }
            else if (!nodes.Contains(entry))
            {
                invalid.Add($"{entry}: unknown node");
            }
            else
            {
                Add([entry]);
            }
        }

        return new TargetResolution(resolved, invalid, forbidden);
    }

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
