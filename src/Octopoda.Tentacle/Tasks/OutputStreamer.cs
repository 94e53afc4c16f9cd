using Octopoda.Protocol.Agent;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Sends a running task's output as <see cref="TaskOutput"/> chunks. Nothing goes out for the first
/// <see cref="FirstFlushAfter"/>: a task that ends before then (most of a fan-out) sends only its result, as cheap
/// as without streaming. After that it flushes every <see cref="FlushEvery"/>, or sooner when a stream has
/// <see cref="EagerFlushChars"/> unsent, and once more after the process ended, before the result goes out.
/// The only sender of its task's output: chunks of one stream go out in order.
/// </summary>
internal sealed class OutputStreamer
{
    public static readonly TimeSpan FirstFlushAfter = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);

    public const int EagerFlushChars = 32 * 1024;

    /// <summary>
    /// Largest chunk: 64 Ki chars is at most 384 KiB of JSON even if every character needs a \u escape, well under
    /// the 4 MiB frame limit, and small enough not to hold the link's queue for long.
    /// </summary>
    public const int MaxChunkChars = 64 * 1024;

    private readonly string _taskId;
    private readonly OutputLog _stdout;
    private readonly OutputLog _stderr;
    private readonly Func<TaskOutput, Task> _send;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _resend;
    private int _sentStdout;
    private int _sentStderr;

    public OutputStreamer(string taskId, OutputLog stdout, OutputLog stderr, Func<TaskOutput, Task> send, TimeProvider time)
    {
        _taskId = taskId;
        _stdout = stdout;
        _stderr = stderr;
        _send = send;
        _time = time;
    }

    /// <summary>True once the first chunk round went out (the task outlived <see cref="FirstFlushAfter"/>).</summary>
    public bool Streaming { get; private set; }

    /// <summary>A new connection: send everything again from offset 0 (the Brain keeps only what it lacks).</summary>
    public void ResendFromStart()
    {
        Volatile.Write(ref _resend, 1);
        Wake();
    }

    /// <summary>Streams until <paramref name="ended"/> completes (the process ended and its logs are complete).</summary>
    public async Task RunAsync(Task ended)
    {
        if (await WaitAsync(ended, FirstFlushAfter, wakeable: false))
        {
            return;
        }

        Streaming = true;
        while (true)
        {
            await FlushAsync();
            if (await WaitAsync(ended, FlushEvery, wakeable: true))
            {
                await FlushAsync();
                return;
            }
        }
    }

    private async Task<bool> WaitAsync(Task ended, TimeSpan interval, bool wakeable)
    {
        using var stop = new CancellationTokenSource();
        var tick = Task.Delay(interval, _time, stop.Token);
        await (wakeable ? Task.WhenAny(ended, tick, _wake.WaitAsync(stop.Token)) : Task.WhenAny(ended, tick));
        await stop.CancelAsync();
        return ended.IsCompleted;
    }

    private async Task FlushAsync()
    {
        if (Interlocked.Exchange(ref _resend, 0) == 1)
        {
            _sentStdout = 0;
            _sentStderr = 0;
        }

        _sentStdout = await FlushAsync("stdout", _stdout, _sentStdout);
        _sentStderr = await FlushAsync("stderr", _stderr, _sentStderr);
    }

    private async Task<int> FlushAsync(string stream, OutputLog log, int sent)
    {
        string chunk;
        while ((chunk = log.Read(sent, MaxChunkChars)).Length > 0)
        {
            await _send(new TaskOutput { TaskId = _taskId, Stream = stream, Offset = sent, Data = chunk });
            sent += chunk.Length;
        }

        log.WakeAt(sent + EagerFlushChars, Wake);
        return sent;
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }
}
