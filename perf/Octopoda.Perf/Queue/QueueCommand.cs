using System.Diagnostics;
using System.Threading.Channels;
using Octopoda.Perf.Api;
using Octopoda.Perf.Bench;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Perf.Queue;

/// <summary>
/// <c>octopoda-perf queue</c>: the Brain's queue throughput. Submits <c>--tasks</c> tasks as POSTs of one command
/// (one node each, in turn, or <c>@all</c>) with <c>--concurrency</c> in flight, and reports the rate at which the
/// Brain ACCEPTED them (stored and answered 202: tasks over the time from the first POST to the last answer) and
/// the rate at which they COMPLETED (tasks over the time from the first POST until all were final in the store).
/// Appends a row to <c>--csv</c>; prints the Brain's delivery metrics when it has them.
/// </summary>
internal static class QueueCommand
{
    public const string Usage = QueueOptions.Usage;

    // Batch waiters for Brains without delivery metrics: enough to keep pace with batches that finish roughly in
    // order, few enough that they stay a small share of the Brain's requests.
    private const int BatchWaiters = 4;

    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var options = QueueOptions.Parse(args);
        using var api = new BrainApi(options.Target);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var nodes = (await api.GetNodesAsync(cancel.Token)).Nodes.Where(n => n.State == NodeState.Online).Select(n => n.Name).Order(StringComparer.Ordinal).ToArray();
        if (nodes.Length == 0)
        {
            Console.Error.WriteLine("octopoda-perf queue: the Brain has no online nodes");
            return 1;
        }

        var metricsAtStart = options.Completion == "batches" ? null : await api.GetDeliveryMetricsAsync(cancel.Token);
        if (options.Completion == "metrics" && metricsAtStart is null)
        {
            Console.Error.WriteLine($"octopoda-perf queue: --completion metrics, but GET {ApiRoutes.DeliveryMetrics} is 404 on this Brain");
            return 1;
        }

        RunCommandRequest Single(int i) => new() { Command = options.Command, Targets = [nodes[i % nodes.Length]] };
        RunCommandRequest All(int i) => new() { Command = options.Command, Targets = ["@all"] };
        var posts = options.AllNodes ? (options.Tasks + nodes.Length - 1) / nodes.Length : options.Tasks;
        var shape = options.AllNodes ? $"{posts} POSTs to @all" : $"{posts} POSTs of one node each";
        Console.Out.WriteLine($"queue {options.Label}: {(options.AllNodes ? posts * nodes.Length : posts)} tasks as {shape}, {nodes.Length} online nodes, {options.Concurrency} in flight");

        if (options.Warmup > 0)
        {
            await WarmUpAsync(api, options, Single, cancel.Token);
        }

        var run = await TimedRunAsync(api, options, posts, options.AllNodes ? All : Single, cancel.Token);
        var row = QueueRow.From(options, nodes.Length, run.Submitted, run.Completion, run.BrainCpu, run.SimulatorCpu);
        Console.Out.WriteLine(row.Describe());
        if (options.Csv is { } csv)
        {
            CsvAppender.Append(csv, QueueRow.Header, row.Values());
        }

        await PrintMetricsAsync(api, options, cancel.Token);
        return row.Complete && run.Submitted.FailedPosts == 0 ? 0 : 1;
    }

    private static async Task WarmUpAsync(BrainApi api, QueueOptions options, Func<int, RunCommandRequest> request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batches = Channel.CreateUnbounded<(string, int)>();
        var submitted = await Submitter.RunAsync(api, options.Warmup, request, options.Concurrency, clock, batches.Writer, cancellationToken);
        var done = await new BatchCompletionWatch(api, batches.Reader, options.Concurrency).WatchAsync(clock, TimeSpan.FromSeconds(120), cancellationToken);
        Console.Out.WriteLine($"  warm-up: {submitted.Tasks} tasks, all final after {Percentiles.Format(done.AllFinalAt?.TotalSeconds, "0.00")} s (untimed)");
    }

    private static async Task<(SubmitOutcome Submitted, CompletionOutcome Completion, double? BrainCpu, double? SimulatorCpu)> TimedRunAsync(
        BrainApi api, QueueOptions options, int posts, Func<int, RunCommandRequest> request, CancellationToken cancellationToken)
    {
        // Counted after the warm-up, whose tasks are then final: the run's tasks are the growth from here.
        var before = options.Completion == "batches" ? null : await api.GetDeliveryMetricsAsync(cancellationToken);
        var batches = before is null ? Channel.CreateUnbounded<(string, int)>(new UnboundedChannelOptions { SingleReader = false }) : null;
        double? brainCpu = ProcessCpu.Seconds(options.BrainPid), simulatorCpu = ProcessCpu.Seconds(options.SimulatorPid);

        var clock = Stopwatch.StartNew();
        var submitting = Submitter.RunAsync(api, posts, request, options.Concurrency, clock, batches?.Writer, cancellationToken);
        var completion = before is not null
            ? new MetricsCompletionWatch(api, MetricsCompletionWatch.CountsOf(before)).WatchAsync(submitting, clock, options.Timeout, cancellationToken)
            : new BatchCompletionWatch(api, batches!.Reader, BatchWaiters).WatchAsync(clock, options.Timeout, cancellationToken);
        var submitted = await submitting;
        var completed = await completion;

        return (submitted, completed, Delta(ProcessCpu.Seconds(options.BrainPid), brainCpu), Delta(ProcessCpu.Seconds(options.SimulatorPid), simulatorCpu));
    }

    private static double? Delta(double? after, double? before) => after is { } a && before is { } b ? a - b : null;

    /// <summary>Prints the Brain's delivery metrics (and saves them as JSON), or says the endpoint is not there yet.</summary>
    private static async Task PrintMetricsAsync(BrainApi api, QueueOptions options, CancellationToken cancellationToken)
    {
        string? json;
        try
        {
            json = await api.GetDeliveryMetricsJsonAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            Console.Out.WriteLine($"  delivery metrics: GET {ApiRoutes.DeliveryMetrics} failed: {ex.Message}");
            return;
        }

        if (json is null)
        {
            Console.Out.WriteLine($"  delivery metrics: GET {ApiRoutes.DeliveryMetrics} is 404 on this Brain (not built yet)");
            return;
        }

        if (options.MetricsJson is { } path)
        {
            File.WriteAllText(path, json);
        }

        var metrics = await api.GetDeliveryMetricsAsync(cancellationToken);
        if (metrics is not null)
        {
            Console.Out.WriteLine("  " + MetricsText.Describe(metrics));
        }
    }
}
