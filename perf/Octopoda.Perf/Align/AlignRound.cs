using System.Globalization;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Align;

/// <summary>
/// One round's tasks reduced to what the benchmark compares: how far apart the starts were (the Brain's start
/// stamps, and the ns clocks the processes printed), how long after storing the first start came, and what went
/// wrong.
/// </summary>
internal sealed record AlignRound(
    int Round,
    int Expected,
    int Final,
    int Succeeded,
    int WithOutput,
    double? StartSpreadMs,
    double? ExecSpreadMs,
    double? LeadMs,
    IReadOnlyList<string> Problems)
{
    public static readonly string[] Header =
        ["ts", "label", "mode", "round", "nodes", "final", "succeeded", "with_output", "start_spread_ms", "exec_spread_ms", "lead_ms", "problems"];

    /// <summary>Every task succeeded and has a start stamp: the round's spread counts.</summary>
    public bool Clean => Succeeded == Expected && StartSpreadMs is not null && Problems.Count == 0;

    /// <summary>
    /// Reduces one round. For delayed runs, <paramref name="minimumLeadMs"/>: a task that started sooner after it
    /// was stored did not wait its delay; and <paramref name="requireOutput"/>: a result without the command's
    /// output was not collected whole. Either is a problem of the round.
    /// </summary>
    public static AlignRound Of(int round, int expected, IReadOnlyList<TaskView> tasks, string? submitError, double? minimumLeadMs = null, bool requireOutput = false)
    {
        var problems = new List<string>();
        if (submitError is not null)
        {
            problems.Add($"POST refused: {submitError}");
        }

        var final = tasks.Where(t => t.State.IsFinal()).ToList();
        if (submitError is null && final.Count < expected)
        {
            problems.Add($"{expected - final.Count} of {expected} tasks not final in time");
        }

        problems.AddRange(final.Where(t => t.State != TaskState.Succeeded).Select(t => $"{t.Node}: {t.State.ToWireName()}: {t.Error ?? t.Stderr.Trim()}"));
        var starts = final.Where(t => t.StartedAt is not null).Select(t => t.StartedAt!.Value).ToList();
        var unstamped = final.Count(t => t.State == TaskState.Succeeded && t.StartedAt is null);
        if (unstamped > 0)
        {
            problems.Add($"{unstamped} succeeded tasks have no start time");
        }

        var printed = final
            .Where(t => t.State == TaskState.Succeeded)
            .Select(t => long.TryParse(t.Stdout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns : (long?)null)
            .Where(ns => ns is not null)
            .Select(ns => ns!.Value)
            .ToList();
        var created = final.Count > 0 ? final.Min(t => t.CreatedAt) : (DateTimeOffset?)null;
        var silent = final.Count(t => t.State == TaskState.Succeeded && t.Stdout.Length == 0);
        if (requireOutput && silent > 0)
        {
            problems.Add($"{silent} succeeded tasks came back without output");
        }

        if (minimumLeadMs is { } minimum)
        {
            // The delay counts from acceptance, which comes after storing: an honoured delay is never shorter here.
            problems.AddRange(final
                .Where(t => t.StartedAt is { } started && (started - t.CreatedAt).TotalMilliseconds < minimum)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Node}: started {(t.StartedAt!.Value - t.CreatedAt).TotalMilliseconds:0} ms after it was stored, before its {minimum / 1000:0.#} s delay")));
        }

        return new AlignRound(
            round,
            expected,
            final.Count,
            final.Count(t => t.State == TaskState.Succeeded),
            final.Count(t => t.State == TaskState.Succeeded && t.Stdout.Length > 0),
            starts.Count > 1 ? (starts.Max() - starts.Min()).TotalMilliseconds : starts.Count == 1 ? 0 : null,
            printed.Count > 1 ? (printed.Max() - printed.Min()) / 1e6 : null,
            starts.Count > 0 && created is { } c ? (starts.Min() - c).TotalMilliseconds : null,
            problems);
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"  round {Round,2}: {Succeeded}/{Expected} succeeded, start spread {Ms(StartSpreadMs)} ms, printed-clock spread {Ms(ExecSpreadMs)} ms, " +
            $"stored → first start {Ms(LeadMs)} ms") +
        (Problems.Count > 0 ? $"; PROBLEMS: {string.Join("; ", Problems)}" : "");

    public IReadOnlyList<object?> Values(string label, string mode) =>
    [
        DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), label, mode, Round, Expected, Final, Succeeded, WithOutput,
        StartSpreadMs, ExecSpreadMs, LeadMs, string.Join("; ", Problems),
    ];

    private static string Ms(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";
}
