using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Tasks;

/// <summary>The report of <c>octl task stats</c>.</summary>
internal static class DeliveryMetricsView
{
    public static void Render(IAnsiConsole console, DeliveryMetrics metrics)
    {
        var states = States(metrics).ToList();
        var counts = string.Join(" · ", states.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Count}")));
        console.MarkupLine($"[bold]tasks[/] {Markup.Escape(counts)}");
        var since = Invariant(
            $"since the Brain started: {metrics.Dispatched} dispatched, {metrics.Redispatched} redispatched, {metrics.ResultsReceived} results ({metrics.DuplicateResults} duplicate), {metrics.Expired} expired");
        console.MarkupLine(Markup.Escape(since));

        var latency = Table("LATENCY", "SAMPLES", "P50", "P90", "P99", "MAX");
        latency.AddRow(LatencyRow("dispatch", metrics.DispatchLatency));
        latency.AddRow(LatencyRow("completion", metrics.CompletionLatency));
        console.Write(latency);

        if (metrics.Queues.Count == 0)
        {
            console.MarkupLine("no node has tasks waiting or running");
            return;
        }

        var queues = Table("NODE", "QUEUED", "DISPATCHED", "IN FLIGHT");
        foreach (var queue in metrics.Queues)
        {
            queues.AddRow(new IRenderable[] { new Text(queue.Node), Number(queue.Queued), Number(queue.Dispatched), Number(queue.InFlight) });
        }

        console.Write(queues);
    }

    /// <summary><c>-o lines</c>: one <c>key=value</c> per line, for grep and awk.</summary>
    public static IEnumerable<string> Lines(DeliveryMetrics metrics)
    {
        foreach (var (name, count) in States(metrics))
        {
            yield return Invariant($"tasks.{name}={count}");
        }

        yield return Invariant($"dispatched={metrics.Dispatched}");
        yield return Invariant($"redispatched={metrics.Redispatched}");
        yield return Invariant($"results={metrics.ResultsReceived}");
        yield return Invariant($"duplicate_results={metrics.DuplicateResults}");
        yield return Invariant($"expired={metrics.Expired}");
        foreach (var (name, summary) in new[] { ("dispatch", metrics.DispatchLatency), ("completion", metrics.CompletionLatency) })
        {
            yield return Invariant($"latency.{name}.samples={summary.Count}");
            yield return Invariant($"latency.{name}.p50_ms={Ms(summary.P50Ms)}");
            yield return Invariant($"latency.{name}.p90_ms={Ms(summary.P90Ms)}");
            yield return Invariant($"latency.{name}.p99_ms={Ms(summary.P99Ms)}");
            yield return Invariant($"latency.{name}.max_ms={Ms(summary.MaxMs)}");
        }

        foreach (var queue in metrics.Queues)
        {
            yield return Invariant($"queue.{queue.Node}.queued={queue.Queued}");
            yield return Invariant($"queue.{queue.Node}.dispatched={queue.Dispatched}");
            yield return Invariant($"queue.{queue.Node}.in_flight={queue.InFlight}");
        }
    }

    /// <summary>Every known state in life-cycle order (0 when absent), then any state this build does not know.</summary>
    private static IEnumerable<(string Name, long Count)> States(DeliveryMetrics metrics) =>
        TaskStates.Names.Select(name => (name, metrics.TasksByState.GetValueOrDefault(name)))
            .Concat(metrics.TasksByState.Where(s => !TaskStates.Names.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));

    private static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        return table;
    }

    private static IRenderable[] LatencyRow(string name, LatencySummary summary) =>
    [
        new Text(name),
        Number(summary.Count),
        new Text(Duration(summary.P50Ms)),
        new Text(Duration(summary.P90Ms)),
        new Text(Duration(summary.P99Ms)),
        new Text(Duration(summary.MaxMs)),
    ];

    private static Text Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static string Duration(double? milliseconds) => milliseconds is { } ms ? HumanFormat.DurationMs(ms) : "-";

    private static string Ms(double? milliseconds) => milliseconds is { } ms ? Invariant($"{ms:0.###}") : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
