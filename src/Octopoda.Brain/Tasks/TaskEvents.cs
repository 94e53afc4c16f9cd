using System.Collections.Concurrent;
using System.Threading.Channels;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// In-process notifications of tasks reaching a final state, by batch, so waiting API calls stream results as
/// they happen instead of polling the store. A subscriber reads the store after subscribing, so nothing falls
/// between the two.
/// </summary>
internal sealed class TaskEvents
{
    private readonly ConcurrentDictionary<string, ImmutableSubscribers> _byBatch = new(StringComparer.Ordinal);

    public Subscription Subscribe(string batchId)
    {
        var channel = Channel.CreateUnbounded<TaskView>(new UnboundedChannelOptions { SingleReader = true });
        _byBatch.AddOrUpdate(batchId, _ => new ImmutableSubscribers([channel]), (_, s) => new ImmutableSubscribers([.. s.Channels, channel]));
        return new Subscription(this, batchId, channel);
    }

    public void PublishFinal(TaskView task)
    {
        if (_byBatch.TryGetValue(task.BatchId, out var subscribers))
        {
            foreach (var channel in subscribers.Channels)
            {
                channel.Writer.TryWrite(task);
            }
        }
    }

    private void Unsubscribe(string batchId, Channel<TaskView> channel)
    {
        while (_byBatch.TryGetValue(batchId, out var current))
        {
            var remaining = current.Channels.Where(c => c != channel).ToArray();
            var removed = remaining.Length == 0
                ? _byBatch.TryRemove(new KeyValuePair<string, ImmutableSubscribers>(batchId, current))
                : _byBatch.TryUpdate(batchId, new ImmutableSubscribers(remaining), current);
            if (removed)
            {
                return;
            }
        }
    }

    private sealed record ImmutableSubscribers(Channel<TaskView>[] Channels);

    /// <summary>One subscriber's feed; dispose to stop receiving.</summary>
    internal sealed class Subscription(TaskEvents owner, string batchId, Channel<TaskView> channel) : IDisposable
    {
        public ChannelReader<TaskView> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(batchId, channel);
    }
}
