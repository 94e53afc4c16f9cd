namespace Octopoda.Tentacle.Link;

/// <summary>
/// Reconnect delays: "decorrelated jitter" (each delay random between the base and three times the previous one),
/// capped. With a 0.5 s base and a 15 s cap, a Tentacle retries after about 0.5–1.5 s, then 0.5–4.5 s, reaching
/// the cap after five or six failures; a thousand Tentacles cut off by a Brain restart come back spread over
/// those windows instead of all at once.
/// </summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan cap)
{
    private TimeSpan _previous = TimeSpan.Zero;

    public static Backoff Default() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));

    public TimeSpan Next()
    {
        var upper = Math.Min(cap.TotalMilliseconds, Math.Max(_previous.TotalMilliseconds, baseDelay.TotalMilliseconds) * 3);
        var next = TimeSpan.FromMilliseconds(baseDelay.TotalMilliseconds + (Random.Shared.NextDouble() * Math.Max(0, upper - baseDelay.TotalMilliseconds)));
        _previous = next;
        return next;
    }

    public void Reset() => _previous = TimeSpan.Zero;
}
