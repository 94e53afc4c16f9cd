using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Api;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Workgroups;

/// <summary>
/// The workgroup tree in the store, with the original Octopoda's semantics and its gaps closed: the root holds
/// every enrolled node; a group's members are always members of its parent (adding checks it, removing cascades
/// to every descendant); removing all of a group's members, or the group itself, removes its whole subtree; a
/// group with a password is an account. Passwords are only ever stored hashed and never read back.
/// </summary>
internal sealed class WorkgroupTree(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Whether the group exists (the root always does).</summary>
    public async Task<bool> ExistsAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Workgroups.AnyAsync(g => g.Path == path.Value, cancellationToken);
    }

    /// <summary>The group's nodes, sorted; the root's are every enrolled node.</summary>
    public async Task<IReadOnlyList<string>> MembersAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, path, cancellationToken);
        var names = path.IsRoot
            ? await db.Nodes.AsNoTracking().Select(n => n.Name).ToListAsync(cancellationToken)
            : await db.WorkgroupMembers.AsNoTracking().Where(m => m.Path == path.Value).Select(m => m.NodeName).ToListAsync(cancellationToken);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// What a request's scope needs, in two queries on one connection: whether <paramref name="account"/> is an
    /// account (always for the root) and <paramref name="current"/> exists, and the members of each group below the
    /// root (null for the root, whose members are every enrolled node).
    /// </summary>
    public async Task<ScopeRead> ReadScopeAsync(WorkgroupPath account, WorkgroupPath current, CancellationToken cancellationToken)
    {
        if (account.IsRoot && current.IsRoot)
        {
            // The administrator at the root, the common case: nothing to read.
            return new ScopeRead(true, true, null, null);
        }

        string[] paths = [account.Value, current.Value];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = await db.Workgroups.AsNoTracking().Where(g => paths.Contains(g.Path)).Select(g => new { g.Path, g.PasswordHash }).ToListAsync(cancellationToken);
        var members = await db.WorkgroupMembers.AsNoTracking().Where(m => paths.Contains(m.Path)).Select(m => new { m.Path, m.NodeName }).ToListAsync(cancellationToken);
        IReadOnlyList<string>? MembersOf(WorkgroupPath path) =>
            path.IsRoot ? null : [.. members.Where(m => m.Path == path.Value).Select(m => m.NodeName).Order(StringComparer.Ordinal)];
        return new ScopeRead(
            account.IsRoot || groups.Any(g => g.Path == account.Value && g.PasswordHash != null),
            current.IsRoot || groups.Any(g => g.Path == current.Value),
            MembersOf(account),
            MembersOf(current));
    }

    /// <summary>The group's direct children, sorted.</summary>
    public async Task<IReadOnlyList<WorkgroupPath>> ChildrenAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, path, cancellationToken);
        var prefix = path.IsRoot ? "/" : path.Value + "/";
        var below = await db.Workgroups.AsNoTracking().Where(g => g.Path.StartsWith(prefix)).Select(g => g.Path).ToListAsync(cancellationToken);
        return [.. below.Select(WorkgroupPath.Parse).Where(p => p.Depth == path.Depth + 1).OrderBy(p => p.Value, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Adds nodes to a group below the root, creating the group if needed (its parent must exist). Every node must
    /// already be in the parent group (for a child of the root: enrolled). Nothing changes when any is refused.
    /// </summary>
    public async Task AddAsync(WorkgroupPath path, IReadOnlyCollection<string> nodes, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            throw RequestRefusedException.BadRequest("The root holds every enrolled node by itself; add nodes to a group below it, e.g. /room1.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!path.Parent.IsRoot && !await db.Workgroups.AnyAsync(g => g.Path == path.Parent.Value, cancellationToken))
        {
            throw RequestRefusedException.NotFound($"The parent group {path.Parent} does not exist; create it first (add nodes to it).");
        }

        var parentMembers = path.Parent.IsRoot
            ? await db.Nodes.AsNoTracking().Where(n => nodes.Contains(n.Name)).Select(n => n.Name).ToListAsync(cancellationToken)
            : await db.WorkgroupMembers.AsNoTracking().Where(m => m.Path == path.Parent.Value && nodes.Contains(m.NodeName)).Select(m => m.NodeName).ToListAsync(cancellationToken);
        var outside = nodes.Except(parentMembers, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (outside.Count > 0)
        {
            throw RequestRefusedException.BadRequest(
                $"{string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not in {path.Parent}" +
                (path.Parent.IsRoot ? " (not enrolled)." : $"; add {(outside.Count == 1 ? "it" : "them")} to {path.Parent} first."));
        }

        if (!await db.Workgroups.AnyAsync(g => g.Path == path.Value, cancellationToken))
        {
            db.Workgroups.Add(new WorkgroupRecord { Path = path.Value, CreatedAt = time.GetUtcNow() });
        }

        var present = await db.WorkgroupMembers.AsNoTracking().Where(m => m.Path == path.Value && nodes.Contains(m.NodeName)).Select(m => m.NodeName).ToListAsync(cancellationToken);
        db.WorkgroupMembers.AddRange(nodes.Except(present, StringComparer.Ordinal).Distinct(StringComparer.Ordinal)
            .Select(n => new WorkgroupMemberRecord { Path = path.Value, NodeName = n }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Removes nodes from a group and from every group below it. With no nodes given, or when the group ends up
    /// empty, the group and its whole subtree are removed. Nodes not in the group are refused, nothing changed.
    /// </summary>
    public async Task RemoveAsync(WorkgroupPath path, IReadOnlyCollection<string> nodes, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            throw RequestRefusedException.BadRequest("Nodes leave the root only by being pruned ('octl node prune').");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, path, cancellationToken);
        var members = await db.WorkgroupMembers.AsNoTracking().Where(m => m.Path == path.Value).Select(m => m.NodeName).ToListAsync(cancellationToken);
        var strangers = nodes.Except(members, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (strangers.Count > 0)
        {
            throw RequestRefusedException.BadRequest($"{string.Join(", ", strangers)} {(strangers.Count == 1 ? "is" : "are")} not in {path}; nothing was removed.");
        }

        var subtree = path.Value + "/";
        if (nodes.Count == 0 || members.Count == nodes.Count)
        {
            await db.WorkgroupMembers.Where(m => m.Path == path.Value || m.Path.StartsWith(subtree)).ExecuteDeleteAsync(cancellationToken);
            await db.Workgroups.Where(g => g.Path == path.Value || g.Path.StartsWith(subtree)).ExecuteDeleteAsync(cancellationToken);
            return;
        }

        await db.WorkgroupMembers.Where(m => (m.Path == path.Value || m.Path.StartsWith(subtree)) && nodes.Contains(m.NodeName)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Removes nodes from every group (they were pruned). Groups left empty stay, as the owner made them.</summary>
    public async Task ForgetNodesAsync(IReadOnlyCollection<string> nodes, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.WorkgroupMembers.Where(m => nodes.Contains(m.NodeName)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Makes a group an account with this password (or changes it). The root's password is the administrator's.</summary>
    public async Task GrantAsync(WorkgroupPath path, string password, CancellationToken cancellationToken)
    {
        if (PasswordHasher.Weakness(password) is { } weakness)
        {
            throw RequestRefusedException.BadRequest($"Refused: {weakness}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await FindOrCreateRootAsync(db, path, cancellationToken)
            ?? throw RequestRefusedException.NotFound($"The group {path} does not exist; create it by adding nodes to it first.");
        group.PasswordHash = PasswordHasher.Hash(password);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>True when the group exists and has a password.</summary>
    public async Task<bool> IsAccountAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Workgroups.AnyAsync(g => g.Path == path.Value && g.PasswordHash != null, cancellationToken);
    }

    /// <summary>The group's own command allow-list (empty: none).</summary>
    public async Task<IReadOnlyList<string>> AllowListAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var patterns = await db.Workgroups.AsNoTracking().Where(g => g.Path == path.Value).Select(g => g.AllowPatterns).FirstOrDefaultAsync(cancellationToken);
        return AllowList.Split(patterns);
    }

    /// <summary>The allow-lists that bind work at <paramref name="path"/>: its own and every ancestor's, root first.</summary>
    public async Task<IReadOnlyList<(WorkgroupPath Group, IReadOnlyList<string> Patterns)>> AllowListsAboveAsync(WorkgroupPath path, CancellationToken cancellationToken)
    {
        var chain = new List<string> { "/" };
        var segments = path.Segments;
        for (var i = 1; i <= segments.Count; i++)
        {
            chain.Add("/" + string.Join('/', segments.Take(i)));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await db.Workgroups.AsNoTracking()
            .Where(g => chain.Contains(g.Path) && g.AllowPatterns != null)
            .Select(g => new { g.Path, g.AllowPatterns })
            .ToListAsync(cancellationToken);
        return [.. lists.OrderBy(l => l.Path.Length).Select(l => (WorkgroupPath.Parse(l.Path), AllowList.Split(l.AllowPatterns)))];
    }

    /// <summary>Sets the group's own allow-list; an empty list removes it.</summary>
    public async Task SetAllowListAsync(WorkgroupPath path, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await FindOrCreateRootAsync(db, path, cancellationToken)
            ?? throw RequestRefusedException.NotFound($"The group {path} does not exist; create it by adding nodes to it first.");
        group.AllowPatterns = AllowList.Join(patterns);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>True when <paramref name="path"/> is an account and <paramref name="password"/> is its password.</summary>
    public async Task<bool> VerifyAsync(WorkgroupPath path, string password, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = await db.Workgroups.AsNoTracking().Where(g => g.Path == path.Value).Select(g => g.PasswordHash).FirstOrDefaultAsync(cancellationToken);
        return hash is not null && PasswordHasher.Verify(password, hash);
    }

    // The root's record exists only once it holds a password or an allow-list.
    private async Task<WorkgroupRecord?> FindOrCreateRootAsync(BrainDbContext db, WorkgroupPath path, CancellationToken cancellationToken)
    {
        var group = await db.Workgroups.FirstOrDefaultAsync(g => g.Path == path.Value, cancellationToken);
        if (group is null && path.IsRoot)
        {
            group = new WorkgroupRecord { Path = "/", CreatedAt = time.GetUtcNow() };
            db.Workgroups.Add(group);
        }

        return group;
    }

    private static async Task EnsureExistsAsync(BrainDbContext db, WorkgroupPath path, CancellationToken cancellationToken)
    {
        if (!path.IsRoot && !await db.Workgroups.AnyAsync(g => g.Path == path.Value, cancellationToken))
        {
            throw RequestRefusedException.NotFound($"No workgroup {path}; 'octl wg ls' lists the groups under the current path.");
        }
    }
}

/// <summary>What <see cref="WorkgroupTree.ReadScopeAsync"/> found.</summary>
internal sealed record ScopeRead(bool AccountIsValid, bool CurrentExists, IReadOnlyList<string>? AccountMembers, IReadOnlyList<string>? CurrentMembers);
