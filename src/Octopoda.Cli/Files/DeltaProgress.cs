namespace Octopoda.Cli.Files;

/// <summary>
/// Turns the running totals an SDK copy reports into the increments a progress bar takes, on the caller's thread
/// (unlike <see cref="Progress{T}"/>, which posts each report to the thread pool, out of order).
/// </summary>
internal sealed class DeltaProgress(Action<long> increment) : IProgress<long>
{
    private long _reported;

    public void Report(long value)
    {
        increment(value - _reported);
        _reported = value;
    }
}
