using System.Globalization;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// When a virtual node starts a dispatched task, from protocol v2's timing fields: at once, after
/// <see cref="TaskDispatch.DelayMs"/> (<c>xrun -d</c>), at <see cref="TaskDispatch.StartAtUnixMs"/> (<c>-ta</c>), or
/// never: refused as expired past <see cref="TaskDispatch.ExpiresAtUnixMs"/>, or failed when the aligned start is
/// already further past than <see cref="TaskDispatch.AlignToleranceMs"/>. All times are the node's clock.
/// </summary>
internal readonly record struct DispatchTiming(double? StartAtUnixMs, TaskState? RefusedAs, string? Reason)
{
    /// <summary>The contract's default tolerance for an aligned start when the dispatch names none.</summary>
    public const double DefaultAlignToleranceMs = 50;

    public bool Immediate => StartAtUnixMs is null && RefusedAs is null;

    public static DispatchTiming Plan(TaskDispatch dispatch, double nowUnixMs)
    {
        if (dispatch.ExpiresAtUnixMs is { } expires && nowUnixMs > expires)
        {
            return Refuse(TaskState.Expired, $"arrived {Ms(nowUnixMs - expires)} ms after its expiry");
        }

        if (dispatch.StartAtUnixMs is { } startAt)
        {
            var tolerance = dispatch.AlignToleranceMs ?? DefaultAlignToleranceMs;
            return nowUnixMs - startAt > tolerance
                ? Refuse(TaskState.Failed, $"the aligned start was {Ms(nowUnixMs - startAt)} ms ago, beyond the {Ms(tolerance)} ms tolerance")
                : new DispatchTiming(Math.Max(startAt, nowUnixMs), null, null);
        }

        return dispatch.DelayMs is > 0 and var delay
            ? new DispatchTiming(nowUnixMs + delay, null, null)
            : default;
    }

    private static DispatchTiming Refuse(TaskState state, string reason) => new(null, state, reason);

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
