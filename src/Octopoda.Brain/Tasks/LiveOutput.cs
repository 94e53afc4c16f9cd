using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// The output of running tasks as it streams in, in memory (the final result carries the whole output into the
/// store). Chunks are placed by offset, so the Tentacle's re-sending from offset 0 after a reconnect adds only
/// what is new, and each new part is published once as a <see cref="TaskEvent.Output"/>. Memory is bounded: past
/// <see cref="MaxTotalChars"/> across all tasks, new output is not kept here; streams then take it from the
/// final result.
/// </summary>
internal sealed class LiveOutput(IDbContextFactory<BrainDbContext> dbFactory, TaskEvents events)
{
    /// <summary>Characters kept across all running tasks (UTF-16: 2 bytes each, so 128 MiB).</summary>
    public const long MaxTotalChars = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _tasks = new(StringComparer.Ordinal);
    private long _totalChars;

    /// <summary>Remembers which batch and node a task belongs to, so its output needs no store lookup.</summary>
    public void Register(string taskId, string batchId, string node) => _tasks.TryAdd(taskId, new Entry(batchId, node));

    /// <summary>Adds a chunk reported by <paramref name="node"/>; chunks of other nodes' tasks are ignored.</summary>
    public async Task AppendAsync(string node, TaskOutput chunk, CancellationToken cancellationToken)
    {
        if (chunk.Offset < 0 || chunk.Data.Length == 0 || chunk.Stream is not ("stdout" or "stderr"))
        {
            return;
        }

        if (!_tasks.TryGetValue(chunk.TaskId, out var entry))
        {
            entry = await LoadAsync(chunk.TaskId, cancellationToken);
            if (entry is null)
            {
                return;
            }
        }

        if (!string.Equals(entry.Node, node, StringComparison.Ordinal))
        {
            return;
        }

        lock (entry)
        {
            var text = chunk.Stream == "stdout" ? entry.Stdout : entry.Stderr;
            var have = text.Length;
            if (entry.Removed || chunk.Offset > have || chunk.Offset + chunk.Data.Length <= have)
            {
                // Removed (final), a gap (filled by the re-send after a reconnect), or nothing new.
                return;
            }

            var fresh = chunk.Data[(int)(have - chunk.Offset)..];
            if (Interlocked.Add(ref _totalChars, fresh.Length) > MaxTotalChars)
            {
                Interlocked.Add(ref _totalChars, -fresh.Length);
                return;
            }

            text.Append(fresh);
            events.PublishOutput(entry.BatchId, new TaskEvent.Output(chunk.TaskId, node, chunk.Stream, have, fresh));
        }
    }

    /// <summary>The output received so far, or null when none is kept for the task.</summary>
    public (string Stdout, string Stderr)? Snapshot(string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            return (entry.Stdout.ToString(), entry.Stderr.ToString());
        }
    }

    /// <summary>Drops a task's buffer once its final result is stored.</summary>
    public void Remove(string taskId)
    {
        if (_tasks.TryRemove(taskId, out var entry))
        {
            lock (entry)
            {
                entry.Removed = true;
                Interlocked.Add(ref _totalChars, -(entry.Stdout.Length + entry.Stderr.Length));
            }
        }
    }

    private async Task<Entry?> LoadAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking()
            .Where(t => t.Id == taskId)
            .Select(t => new { t.BatchId, t.NodeName, t.State })
            .FirstOrDefaultAsync(cancellationToken);
        if (task is null || task.State.IsFinal())
        {
            return null;
        }

        return _tasks.GetOrAdd(taskId, _ => new Entry(task.BatchId, task.NodeName));
    }

    private sealed class Entry(string batchId, string node)
    {
        public string BatchId { get; } = batchId;

        public string Node { get; } = node;

        public StringBuilder Stdout { get; } = new();

        public StringBuilder Stderr { get; } = new();

        public bool Removed { get; set; }
    }
}
