using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>
/// Plays the Brain's chunk server for <c>file.push</c> tasks run by an <see cref="ExecutorHarness"/>: answers the
/// <see cref="FileChunkRequest"/>s the executor reports with chunks of <paramref name="stream"/>, never past
/// <see cref="Limit"/> bytes (so a transfer can be held part-way), and keeps every request's offset.
/// </summary>
internal sealed class PushFeeder(ExecutorHarness tentacle, string transferId, byte[] stream) : IAsyncDisposable
{
    private const int ChunkBytes = FileChunk.MaxDataBytes;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<long> _offsets = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>Bytes that may be served; a request beyond is answered up to here (the rest is silence).</summary>
    public long Limit { get; set; } = long.MaxValue;

    /// <summary>The offset of every request answered, in order.</summary>
    public IReadOnlyList<long> Offsets
    {
        get
        {
            lock (_offsets)
            {
                return [.. _offsets];
            }
        }
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        ReportRecorder? reports = null;
        var served = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // A restart attaches a new recorder: start over on its requests.
            if (!ReferenceEquals(reports, tentacle.Reports))
            {
                reports = tentacle.Reports;
                served = 0;
            }

            var requests = reports.All<FileChunkRequest>().Where(r => r.TransferId == transferId).ToList();
            for (; served < requests.Count && tentacle.Executor is { } executor; served++)
            {
                Serve(executor, requests[served]);
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Serve(Tentacle.Tasks.TaskExecutor executor, FileChunkRequest request)
    {
        lock (_offsets)
        {
            _offsets.Add(request.Offset);
        }

        var end = Math.Min(Math.Min(stream.Length, request.Offset + request.Length), Limit);
        for (var offset = request.Offset; offset < end; offset += ChunkBytes)
        {
            var length = (int)Math.Min(ChunkBytes, end - offset);
            executor.DeliverChunk(new FileChunk(transferId, offset, stream.AsMemory((int)offset, length), null));
        }
    }
}
