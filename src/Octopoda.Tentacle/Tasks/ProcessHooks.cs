using Octopoda.Protocol;

namespace Octopoda.Tentacle.Tasks;

/// <summary>How the executor takes part in one run: where output goes, the last wait before the start, the start report.</summary>
internal sealed class ProcessHooks
{
    public OutputLog Stdout { get; init; } = new(ProtocolInfo.MaxCapturedOutputBytes);

    public OutputLog Stderr { get; init; } = new(ProtocolInfo.MaxCapturedOutputBytes);

    /// <summary>
    /// Runs after everything else is prepared, right before the process starts (the aligned-start wait); returns a
    /// reason not to start it, or null.
    /// </summary>
    public Func<CancellationToken, Task<string?>>? BeforeStart { get; init; }

    /// <summary>Called once the process exists, before its output is read.</summary>
    public Action<ProcessStart>? Started { get; init; }
}
