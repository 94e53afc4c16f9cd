namespace Octopoda.Perf.Simulation;

/// <summary>
/// The Tentacle's reconnect delays: decorrelated jitter, each delay random between the base and three times the
/// previous one, capped. With 0.5 s and 15 s a node retries after 0.5–1.5 s, then 0.5–4.5 s, reaching the cap
/// after five or six failures, so a thousand virtual nodes cut off together come back spread out.
/// </summary>
internal sealed class ReconnectBackoff
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(15);

    private TimeSpan _previous = TimeSpan.Zero;

    public TimeSpan Next()
    {
        var upper = Math.Min(Cap.TotalMilliseconds, Math.Max(_previous.TotalMilliseconds, Base.TotalMilliseconds) * 3);
        _previous = TimeSpan.FromMilliseconds(Base.TotalMilliseconds + (Random.Shared.NextDouble() * (upper - Base.TotalMilliseconds)));
        return _previous;
    }

    public void Reset() => _previous = TimeSpan.Zero;
}
