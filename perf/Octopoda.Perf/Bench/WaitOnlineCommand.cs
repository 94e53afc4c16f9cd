using System.Diagnostics;
using Octopoda.Client;
using Octopoda.Perf.CommandLine;
using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Bench;

/// <summary>
/// <c>octopoda-perf wait-online --brain URL --token T --ca FILE --count N [--timeout-seconds 300]</c>: waits until the
/// Brain lists exactly N nodes, all online, through the same SDK octl uses. Exit 0 when they are, 1 on timeout.
/// </summary>
internal static class WaitOnlineCommand
{
    public const string Usage = """
        octopoda-perf wait-online --brain https://127.0.0.1:7400 --token TOKEN --ca ca.crt --count N [--timeout-seconds 300]
        """;

    private static readonly HashSet<string> Known = ["brain", "token", "ca", "count", "timeout-seconds"];

    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var flags = Flags.Parse(args, Known);
        var count = flags.GetInt("count", 0, minimum: 1);
        if (count == 0)
        {
            throw new UsageException("--count is required");
        }

        var limit = TimeSpan.FromSeconds(flags.GetInt("timeout-seconds", 300, minimum: 1));
        using var client = new OctopodaClient(new OctopodaClientOptions
        {
            BaseAddress = new Uri(flags.Require("brain")),
            Token = flags.Require("token"),
            CaCertificateFile = flags.Require("ca"),
            Timeout = TimeSpan.FromSeconds(30),
        });

        var waited = Stopwatch.StartNew();
        NodeListResponse? last = null;
        string? lastError = null;
        while (waited.Elapsed < limit)
        {
            try
            {
                last = await client.GetNodesAsync();
                if (last.Total == count && last.Online == count)
                {
                    Console.Out.WriteLine($"online: {count}/{count} after {waited.Elapsed.TotalSeconds:0.0} s");
                    return 0;
                }
            }
            catch (OctopodaException ex)
            {
                lastError = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var seen = last is null ? "no answer" : $"{last.Online} online, {last.Unstable} unstable, {last.Offline} offline of {last.Total}";
        Console.Error.WriteLine($"octopoda-perf wait-online: {count} nodes were not all online within {limit.TotalSeconds:0} s ({seen}){(lastError is null ? "" : $"; last error: {lastError}")}");
        return 1;
    }
}
