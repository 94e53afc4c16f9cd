using System.Globalization;
using Octopoda.Perf.Bench;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Queue;

/// <summary>One timed queue run, as a CSV row and as the lines <c>octopoda-perf queue</c> prints.</summary>
internal sealed record QueueRow(
    string Timestamp,
    string Label,
    string Targets,
    int Nodes,
    int Posts,
    long Tasks,
    int Concurrency,
    double AcceptSeconds,
    Percentiles PostMs,
    int FailedPosts,
    double? CompleteSeconds,
    string CompletionMethod,
    long Succeeded,
    long OtherFinal,
    long NotFinal,
    double? BrainCpuSeconds,
    double? SimulatorCpuSeconds,
    string? Note)
{
    public static readonly string[] Header =
    [
        "ts", "label", "targets", "nodes", "posts", "tasks", "concurrency", "accept_s", "accepted_per_s", "post_p50_ms", "post_p90_ms",
        "post_p99_ms", "post_max_ms", "failed_posts", "complete_s", "completed_per_s", "completion_method", "succeeded", "other_final",
        "not_final", "brain_cpu_s", "sim_cpu_s", "note",
    ];

    public bool Complete => CompleteSeconds is not null;

    public double AcceptedPerSecond => AcceptSeconds > 0 ? Tasks / AcceptSeconds : double.NaN;

    public double? CompletedPerSecond => CompleteSeconds is > 0 and var s ? Tasks / s : null;

    public static QueueRow From(QueueOptions options, int nodes, SubmitOutcome submitted, CompletionOutcome completion, double? brainCpu, double? simulatorCpu)
    {
        var succeeded = completion.Count(TaskState.Succeeded);
        return new QueueRow(
            DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            options.Label,
            options.AllNodes ? "all" : "single",
            nodes,
            submitted.Posts,
            submitted.Tasks,
            options.Concurrency,
            submitted.LastAnswerAt.TotalSeconds,
            submitted.PostMs,
            submitted.FailedPosts,
            completion.AllFinalAt?.TotalSeconds,
            completion.Method,
            succeeded,
            completion.Final - succeeded,
            Math.Max(0, submitted.Tasks - completion.Final),
            brainCpu,
            simulatorCpu,
            completion.Note ?? submitted.FirstError);
    }

    public IReadOnlyList<object?> Values() =>
    [
        Timestamp, Label, Targets, Nodes, Posts, Tasks, Concurrency, AcceptSeconds, AcceptedPerSecond, PostMs.P50, PostMs.P90, PostMs.P99, PostMs.Max,
        FailedPosts, CompleteSeconds, CompletedPerSecond, CompletionMethod, Succeeded, OtherFinal, NotFinal, BrainCpuSeconds, SimulatorCpuSeconds, Note,
    ];

    public string Describe()
    {
        var lines = new List<string>
        {
            $"  accepted: {Tasks} tasks in {AcceptSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s = {Percentiles.Format(AcceptedPerSecond, "0")} tasks/s " +
            $"(POST ms p50 {Percentiles.Format(PostMs.P50)} p90 {Percentiles.Format(PostMs.P90)} p99 {Percentiles.Format(PostMs.P99)} max {Percentiles.Format(PostMs.Max)}; {FailedPosts} failed)",
            Complete
                ? $"  completed: all final after {Percentiles.Format(CompleteSeconds, "0.00")} s = {Percentiles.Format(CompletedPerSecond, "0")} tasks/s " +
                  $"(succeeded {Succeeded}, other final {OtherFinal}; seen through {CompletionMethod})"
                : $"  completed: NOT all final ({NotFinal} not final, succeeded {Succeeded}, other final {OtherFinal}; seen through {CompletionMethod})",
        };
        if (BrainCpuSeconds is { } brain)
        {
            var span = CompleteSeconds ?? AcceptSeconds;
            lines.Add($"  cpu: Brain {brain.ToString("0.0", CultureInfo.InvariantCulture)} s ({(brain / span * 100).ToString("0", CultureInfo.InvariantCulture)} % of one core)" +
                      (SimulatorCpuSeconds is { } sim ? $", simulator {sim.ToString("0.0", CultureInfo.InvariantCulture)} s" : ""));
        }

        if (Note is not null)
        {
            lines.Add($"  note: {Note}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
