using System.Globalization;
using System.Text.RegularExpressions;
using Octopoda.Perf.Api;
using Octopoda.Perf.Bench;
using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Align;

/// <summary>
/// <c>octopoda-perf align</c>: rounds of one command on the target nodes, each waited for before the next, and
/// how far apart the processes started. <c>--mode aligned</c> asks for a time-aligned start (-ta), <c>plain</c>
/// is the same run without it, <c>xrun</c> asks the nodes to start after <c>--delay-seconds</c> and checks that
/// the results still come back. Failures are printed and counted, never fatal: the features it measures may be
/// missing from the Brain or the Tentacles under test. Exit 0 when every round was clean.
/// </summary>
internal static partial class AlignCommand
{
    public const string Usage = AlignOptions.Usage;

    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var options = AlignOptions.Parse(args);
        using var api = new BrainApi(options.Target);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        Console.Out.WriteLine($"align {options.Label} {options.Mode}: {options.Rounds} rounds of '{options.Command}' on {string.Join(',', options.Targets)}" +
                              (options.Mode == "xrun" ? $", started {options.DelaySeconds} s after acceptance" : ""));
        // Untimed rounds of the plain command first: the first dispatch after a quiet spell pays for cold paths
        // (and, on a Debug build, the JIT), which would make the first aligned start miss its instant.
        for (var i = 1; i <= options.WarmupRounds && !cancel.IsCancellationRequested; i++)
        {
            var warm = await RunRoundAsync(api, options with { Mode = "plain" }, 0, cancel.Token);
            Console.Out.WriteLine($"  warm-up {i}: {warm.Succeeded}/{warm.Expected} succeeded (untimed)");
        }

        var rounds = new List<AlignRound>();
        for (var i = 1; i <= options.Rounds && !cancel.IsCancellationRequested; i++)
        {
            var round = await RunRoundAsync(api, options, i, cancel.Token);
            rounds.Add(round);
            Console.Out.WriteLine(round.Describe());
            if (options.Csv is { } csv)
            {
                CsvAppender.Append(csv, AlignRound.Header, round.Values(options.Label, options.Mode));
            }

            await Task.Delay(options.Pause, cancel.Token);
        }

        Console.Out.WriteLine(Summarize(options, rounds));
        return rounds.All(r => r.Clean) && rounds.Count == options.Rounds ? 0 : 1;
    }

    private static async Task<AlignRound> RunRoundAsync(BrainApi api, AlignOptions options, int round, CancellationToken cancellationToken)
    {
        var request = new RunCommandRequest
        {
            Command = options.Command,
            Targets = options.Targets,
            TimeAligned = options.Mode == "aligned",
            AlignToleranceMs = options.Mode == "aligned" ? options.ToleranceMs : null,
            DelaySeconds = options.Mode == "xrun" ? options.DelaySeconds : null,
        };
        var answer = await api.SubmitAsync(request, cancellationToken);
        if (answer.Submission is not { } submission)
        {
            return AlignRound.Of(round, 0, [], answer.Error);
        }

        List<TaskView> tasks;
        try
        {
            tasks = await api.WaitBatchAsync(submission.BatchId, options.Timeout, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return AlignRound.Of(round, submission.Tasks.Count, [], $"waiting for batch {submission.BatchId} failed: {ex.Message}");
        }

        var delayed = options.Mode == "xrun";
        return AlignRound.Of(round, submission.Tasks.Count, tasks, null, delayed ? options.DelaySeconds * 1000 : null, requireOutput: delayed);
    }

    private static string Summarize(AlignOptions options, List<AlignRound> rounds)
    {
        var clean = rounds.Where(r => r.Clean).ToList();
        var start = Percentiles.Of(clean.Select(r => r.StartSpreadMs!.Value));
        var printed = Percentiles.Of(clean.Where(r => r.ExecSpreadMs is not null).Select(r => r.ExecSpreadMs!.Value));
        var lead = Percentiles.Of(clean.Where(r => r.LeadMs is not null).Select(r => r.LeadMs!.Value));
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"summary {options.Label} {options.Mode}: {clean.Count}/{rounds.Count} rounds clean"),
            $"  start spread (max - min StartedAt), ms: median {F(start.P50)}, p90 {F(start.P90)}, max {F(start.Max)}",
            $"  printed-clock spread (max - min of the processes' own ns clock), ms: median {F(printed.P50)}, p90 {F(printed.P90)}, max {F(printed.Max)}",
            $"  stored → first start, ms: median {F(lead.P50)}, max {F(lead.Max)}",
        };
        if (options.Mode == "xrun")
        {
            var tasks = rounds.Sum(r => r.Expected);
            var withOutput = rounds.Sum(r => r.WithOutput);
            var early = rounds.Count(r => r.LeadMs < options.DelaySeconds * 1000);
            lines.Add($"  xrun: {withOutput}/{tasks} results collected with output; {early} of {rounds.Count} rounds started before the {options.DelaySeconds} s delay was up");
        }

        // The same failure on several nodes or rounds differs only in the node and the figures: count it once.
        var problems = rounds.SelectMany(r => r.Problems)
            .GroupBy(p => Digits().Replace(NodePrefix().Replace(p, ""), "#"), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Take(5);
        lines.AddRange(problems.Select(g => $"  problem ×{g.Count()}, e.g. {g.First()}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string F(double? value) => Percentiles.Format(value, "0.00");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*: ")]
    private static partial Regex NodePrefix();

    [GeneratedRegex(@"[0-9]+(\.[0-9]+)?")]
    private static partial Regex Digits();
}
