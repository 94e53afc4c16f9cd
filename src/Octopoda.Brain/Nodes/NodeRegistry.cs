using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Nodes;

/// <summary>
/// Every known node's live state, in memory. Heartbeats touch only this; the store is written when a node
/// connects or disconnects, so a thousand nodes beating every second cost no database writes.
/// </summary>
internal sealed class NodeRegistry(IDbContextFactory<BrainDbContext> dbFactory, TimeProvider time, IOptions<BrainOptions> options)
{
    private readonly ConcurrentDictionary<string, LiveNode> _nodes = new(StringComparer.Ordinal);

    public LivenessOptions Liveness => options.Value.Liveness;

    /// <summary>Loads the nodes the store knows; they stay offline until they connect.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var record in await db.Nodes.AsNoTracking().ToListAsync(cancellationToken))
        {
            GetOrAdd(record.Name).Restore(record.Address, record.Version, record.Platform, record.LastSeenAt);
        }
    }

    public LiveNode GetOrAdd(string name) => _nodes.GetOrAdd(name, static n => new LiveNode(n));

    public LiveNode? Find(string name) => _nodes.GetValueOrDefault(name);

    public bool Contains(string name) => _nodes.ContainsKey(name);

    public IReadOnlyCollection<string> Names => [.. _nodes.Keys];

    public IEnumerable<LiveNode> All => _nodes.Values;

    public bool IsConnected(string name) => Find(name)?.Session is not null;

    public NodeView? View(string name) => Find(name)?.ToView(time.GetUtcNow(), Liveness);

    /// <summary>Forgets a node that is not connected; returns false when it is connected (or unknown).</summary>
    public bool TryForget(string name) =>
        _nodes.TryGetValue(name, out var node) && node.Session is null && _nodes.TryRemove(new KeyValuePair<string, LiveNode>(name, node));
}
