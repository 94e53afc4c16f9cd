using System.Collections.Concurrent;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// This node's NodeApps: each one's directory <c>&lt;workspace&gt;/&lt;app&gt;@&lt;scenario&gt;</c> and its versions, content-
/// addressed snapshots of that directory kept under <c>&lt;data&gt;/nodeapps/&lt;app&gt;@&lt;scenario&gt;/</c>
/// (<see cref="NodeAppHistory"/>). One operation at a time per NodeApp; different NodeApps work in parallel.
/// Names are checked with <see cref="ScenarioNames.IsValid"/> (callers validate first; here a bad one is a bug).
/// </summary>
internal sealed class NodeAppStore
{
    private readonly string _workspace;
    private readonly string _metadata;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public NodeAppStore(string workspace, string dataDirectory, TimeProvider time)
    {
        _workspace = Path.GetFullPath(workspace);
        _metadata = Path.Combine(Path.GetFullPath(dataDirectory), "nodeapps");
        _time = time;
    }

    /// <summary>The NodeApp's directory, a full path.</summary>
    public string DirectoryOf(string app, string scenario) => Path.Combine(_workspace, NameOf(app, scenario));

    /// <summary>The NodeApp, or null when this node has neither its directory nor its history.</summary>
    public NodeAppRecord? Find(string app, string scenario)
    {
        var history = HistoryOf(app, scenario);
        return Directory.Exists(DirectoryOf(app, scenario)) || history.Exists ? ToRecord(app, scenario, history.Read()) : null;
    }

    /// <summary>Every NodeApp on this node (a directory or a history), by name.</summary>
    public IReadOnlyList<NodeAppRecord> List()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in new[] { _workspace, _metadata })
        {
            if (Directory.Exists(root))
            {
                names.UnionWith(Directory.EnumerateDirectories(root).Select(Path.GetFileName)!);
            }
        }

        var records = new List<NodeAppRecord>();
        foreach (var name in names)
        {
            if (ScenarioNames.TryParseNodeApp(name, out var app, out var scenario) && Find(app, scenario) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Creates the directory and the history when missing; sets the description when one is given.</summary>
    public NodeAppRecord Ensure(string app, string scenario, string? description)
    {
        var gate = GateOf(app, scenario);
        gate.Wait();
        try
        {
            Directory.CreateDirectory(DirectoryOf(app, scenario));
            var history = HistoryOf(app, scenario);
            var stored = history.Read();
            var document = stored ?? history.ReadOrEmpty();
            if (stored is null || (description is not null && description != document.Description))
            {
                document = document with { Description = description ?? document.Description };
                history.Write(document);
            }

            return ToRecord(app, scenario, document);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Snapshots the directory and appends a version when its hash differs from the newest one (or there is none: an
    /// empty directory is content too). <see cref="IOException"/> when the directory cannot be read or is too big
    /// (<see cref="SnapshotWriter.MaxEntries"/>); <see cref="InvalidOperationException"/> for an unknown NodeApp.
    /// </summary>
    public async Task<CommitOutcome> CommitAsync(string app, string scenario, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var gate = GateOf(app, scenario);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Commit(app, scenario, message, cancellationToken), cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Restores a version given by its hash or a unique prefix of 3+ hex digits, then appends it again (history is never
    /// rewritten). Expected failures (unknown or ambiguous version, unknown NodeApp, damaged store, a directory that
    /// cannot be changed) are an <see cref="ResetOutcome.Error"/>.
    /// </summary>
    public async Task<ResetOutcome> ResetAsync(string app, string scenario, string version, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(message);
        var gate = GateOf(app, scenario);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Reset(app, scenario, version, message, cancellationToken), cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the directory and the history with its objects; false when neither was there.</summary>
    public bool Delete(string app, string scenario)
    {
        var gate = GateOf(app, scenario);
        gate.Wait();
        try
        {
            var directory = DirectoryOf(app, scenario);
            var metadata = HistoryOf(app, scenario).Root;
            var existed = false;
            foreach (var path in new[] { directory, metadata })
            {
                if (Directory.Exists(path))
                {
                    TreeRemoval.DeleteDirectory(path);
                    existed = true;
                }
            }

            return existed;
        }
        finally
        {
            gate.Release();
        }
    }

    private static string NameOf(string app, string scenario)
    {
        if (!ScenarioNames.IsValid(app))
        {
            throw new ArgumentException($"'{app}' is not an application name: {ScenarioNames.Rule}", nameof(app));
        }

        if (!ScenarioNames.IsValid(scenario))
        {
            throw new ArgumentException($"'{scenario}' is not a scenario name: {ScenarioNames.Rule}", nameof(scenario));
        }

        return ScenarioNames.NodeApp(app, scenario);
    }

    private static NodeAppRecord ToRecord(string app, string scenario, HistoryDocument? document) =>
        new(app, scenario, document?.Description, document?.Versions.Select(v => v.ToVersion()).ToList() ?? []);

    private SemaphoreSlim GateOf(string app, string scenario) => _gates.GetOrAdd(NameOf(app, scenario), _ => new SemaphoreSlim(1, 1));

    private NodeAppHistory HistoryOf(string app, string scenario) =>
        new(Path.Combine(_metadata, NameOf(app, scenario)), app, scenario, _time);

    private CommitOutcome Commit(string app, string scenario, string message, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(app, scenario);
        var history = HistoryOf(app, scenario);
        if (!Directory.Exists(directory))
        {
            if (!history.Exists)
            {
                throw new InvalidOperationException($"NodeApp {NameOf(app, scenario)} does not exist on this node");
            }

            Directory.CreateDirectory(directory); // its history survived the directory: the content is now nothing
        }

        var document = history.ReadOrEmpty();
        var cache = StatCache.Load(history.StatCachePath);
        var objects = history.OpenObjects();
        objects.DeleteLeftovers();
        Snapshot snapshot;
        try
        {
            snapshot = SnapshotWriter.Take(directory, objects, cache, cancellationToken);
            objects.Publish();
        }
        finally
        {
            objects.Discard();
        }

        cache.Save(history.StatCachePath);
        if (document.Versions.Count > 0 && document.Versions[^1] is var newest && newest.Hash == snapshot.Hash)
        {
            return new CommitOutcome(newest.ToVersion(), Appended: false);
        }

        var entry = history.NewEntry(snapshot.Hash, message);
        history.Write(document with { Versions = [.. document.Versions, entry] });
        return new CommitOutcome(entry.ToVersion(), Appended: true);
    }

    private ResetOutcome Reset(string app, string scenario, string version, string message, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(app, scenario);
        var history = HistoryOf(app, scenario);
        if (!Directory.Exists(directory) && !history.Exists)
        {
            return new ResetOutcome(null, $"NodeApp {NameOf(app, scenario)} does not exist on this node");
        }

        var document = history.ReadOrEmpty();
        if (VersionResolver.Resolve(document.Versions, version, out var error) is not { } hash)
        {
            return new ResetOutcome(null, error);
        }

        Snapshot target;
        try
        {
            target = new SnapshotLoader(history.OpenObjects()).Load(hash);
        }
        catch (IOException e)
        {
            return new ResetOutcome(null, $"version {hash} cannot be restored, nothing was changed: {e.Message}");
        }

        Snapshot current;
        try
        {
            Directory.CreateDirectory(directory);
            var cache = StatCache.Load(history.StatCachePath);
            current = SnapshotWriter.Take(directory, objects: null, cache, cancellationToken);
            cache.Save(history.StatCachePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ResetOutcome(null, $"version {hash} cannot be restored, nothing was changed: {e.Message}");
        }

        try
        {
            SnapshotRestorer.Restore(directory, current, target, history.OpenObjects(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ResetOutcome(null, $"restoring version {hash} failed, the directory may be partly restored: {e.Message}");
        }

        var entry = history.NewEntry(hash, message);
        history.Write(document with { Versions = [.. document.Versions, entry] });
        return new ResetOutcome(entry.ToVersion(), null);
    }
}
