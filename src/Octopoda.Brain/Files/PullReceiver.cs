using System.Collections.Concurrent;
using Octopoda.Protocol.Files;

namespace Octopoda.Brain.Files;

/// <summary>
/// The Brain's receiving side of <c>file.pull</c> transfers: one <see cref="ChunkReceiver"/> for every link, and
/// which node each transfer comes from, so a chunk is taken only from the node it was asked of.
/// </summary>
internal sealed class PullReceiver
{
    private readonly ConcurrentDictionary<string, string> _sources = new(StringComparer.Ordinal);

    public ChunkReceiver Receiver { get; } = new();

    /// <summary>Expects <paramref name="transferId"/> from <paramref name="nodeName"/> until the returned scope ends.</summary>
    public IDisposable Expect(string transferId, string nodeName)
    {
        _sources[transferId] = nodeName;
        return new Expectation(this, transferId);
    }

    /// <summary>A chunk a node sent: handed on when it is of a transfer asked of that node, dropped otherwise.</summary>
    public void Deliver(string nodeName, FileChunk chunk)
    {
        if (_sources.TryGetValue(chunk.TransferId, out var source) && string.Equals(source, nodeName, StringComparison.Ordinal))
        {
            Receiver.Deliver(chunk);
        }
    }

    private sealed class Expectation(PullReceiver owner, string transferId) : IDisposable
    {
        public void Dispose() => owner._sources.TryRemove(transferId, out _);
    }
}
