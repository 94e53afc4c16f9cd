using System.Collections.Concurrent;
using System.Threading.Channels;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Tasks;

/// <summary>Something that happened to a task, as <see cref="TaskEvents"/> delivers it.</summary>
internal abstract record TaskEvent(string TaskId)
{
    /// <summary>New output of a running task (already de-duplicated by <see cref="LiveOutput"/>).</summary>
    internal sealed record Output(string TaskId, string Node, string Stream, long Offset, string Data) : TaskEvent(TaskId);

    /// <summary>The task reached its final state.</summary>
    internal sealed record Final(TaskView Task) : TaskEvent(Task.Id);
}

/// <summary>
/// In-process notifications of task output and final states, by batch, so waiting and streaming API calls see
/// events as they happen instead of polling the store. A subscriber reads the store (and <see cref="LiveOutput"/>)
/// after subscribing, so nothing falls between the two. Final events are never dropped; output events are
/// dropped for a subscriber that has fallen more than <see cref="MaxQueuedOutput"/> behind — it then fills the
/// gap from <see cref="LiveOutput"/> or the final result, so its stream stays complete.
/// </summary>
internal sealed class TaskEvents
{
    public const int MaxQueuedOutput = 4096;

    private readonly ConcurrentDictionary<string, Subscription[]> _byBatch = new(StringComparer.Ordinal);

    public Subscription Subscribe(string batchId)
    {
        var subscription = new Subscription(this, batchId);
        _byBatch.AddOrUpdate(batchId, _ => [subscription], (_, s) => [.. s, subscription]);
        return subscription;
    }

    public void PublishFinal(TaskView task)
    {
        if (_byBatch.TryGetValue(task.BatchId, out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Write(new TaskEvent.Final(task));
            }
        }
    }

    public void PublishOutput(string batchId, TaskEvent.Output output)
    {
        if (_byBatch.TryGetValue(batchId, out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.WriteOutput(output);
            }
        }
    }

    private void Unsubscribe(string batchId, Subscription subscription)
    {
        while (_byBatch.TryGetValue(batchId, out var current))
        {
            var remaining = current.Where(c => c != subscription).ToArray();
            var removed = remaining.Length == 0
                ? _byBatch.TryRemove(new KeyValuePair<string, Subscription[]>(batchId, current))
                : _byBatch.TryUpdate(batchId, remaining, current);
            if (removed)
            {
                return;
            }
        }
    }

    /// <summary>One subscriber's feed; dispose to stop receiving.</summary>
    internal sealed class Subscription(TaskEvents owner, string batchId) : IDisposable
    {
        private readonly Channel<TaskEvent> _channel = Channel.CreateUnbounded<TaskEvent>(new UnboundedChannelOptions { SingleReader = true });
        private int _queuedOutput;

        /// <summary>Reads the next event.</summary>
        public async ValueTask<TaskEvent> ReadAsync(CancellationToken cancellationToken)
        {
            var next = await _channel.Reader.ReadAsync(cancellationToken);
            if (next is TaskEvent.Output)
            {
                Interlocked.Decrement(ref _queuedOutput);
            }

            return next;
        }

        public void Dispose() => owner.Unsubscribe(batchId, this);

        internal void Write(TaskEvent item) => _channel.Writer.TryWrite(item);

        internal void WriteOutput(TaskEvent.Output output)
        {
            if (Interlocked.Increment(ref _queuedOutput) > MaxQueuedOutput)
            {
                Interlocked.Decrement(ref _queuedOutput);
                return;
            }

            _channel.Writer.TryWrite(output);
        }
    }
}
