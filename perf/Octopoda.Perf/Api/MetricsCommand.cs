using Octopoda.Perf.CommandLine;
using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Api;

/// <summary>
/// <c>octopoda-perf metrics --brain URL --token T --ca FILE [--json FILE]</c>: prints the Brain's delivery metrics in
/// one line (and saves them as JSON), or says the Brain does not have the endpoint. Exit 0 either way.
/// </summary>
internal static class MetricsCommand
{
    public const string Usage = $"""
        octopoda-perf metrics {ApiTarget.Usage} [--json FILE]
        """;

    private static readonly HashSet<string> Known = [.. ApiTarget.FlagNames, "json"];

    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        using var api = new BrainApi(ApiTarget.From(flags));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var json = await api.GetDeliveryMetricsJsonAsync(timeout.Token);
        if (json is null)
        {
            Console.Out.WriteLine($"delivery metrics: GET {ApiRoutes.DeliveryMetrics} is 404 on this Brain (not built yet)");
            return 0;
        }

        if (flags.Get("json") is { } path)
        {
            File.WriteAllText(path, json);
        }

        var metrics = await api.GetDeliveryMetricsAsync(timeout.Token);
        Console.Out.WriteLine(metrics is null ? "delivery metrics: gone between two requests" : MetricsText.Describe(metrics));
        return 0;
    }
}
