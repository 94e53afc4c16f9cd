using System.Runtime.InteropServices;
using Octopoda.Perf.CommandLine;
using Octopoda.Protocol.Enrollment;

namespace Octopoda.Perf.Simulation;

/// <summary><c>octopoda-perf simulate --brain URL --join-token TOKEN --count N [--prefix sim] [--data-dir DIR]</c>.</summary>
internal static class SimulateCommand
{
    public const string Usage = """
        octopoda-perf simulate --brain https://127.0.0.1:7400 --join-token oct1... --count N
                               [--prefix sim] [--digits 4] [--data-dir ./sim-data] [--enrol-concurrency 16]
                               [--dial-concurrency 64]
        """;

    private static readonly HashSet<string> Known = ["brain", "join-token", "count", "prefix", "digits", "data-dir", "enrol-concurrency", "dial-concurrency"];

    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var options = Parse(Flags.Parse(args, Known));

        // Everything here is asynchronous, but TLS handshakes run their certificate checks synchronously on pool
        // threads; with a thousand of them queued at start the pool's hill climbing would add threads one at a
        // time. 64 ready threads cost only their stacks and absorb that burst.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            return await new Simulator(options, Console.Out).RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Out.WriteLine("stopped before all nodes were enrolled");
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"octopoda-perf simulate: {ex.Message}");
            return 1;
        }
    }

    private static SimulatorOptions Parse(Flags flags)
    {
        if (!Uri.TryCreate(flags.Require("brain"), UriKind.Absolute, out var brain) || brain.Scheme != Uri.UriSchemeHttps)
        {
            throw new UsageException("--brain must be an https:// URL, e.g. https://127.0.0.1:7400");
        }

        if (!JoinToken.TryParse(flags.Require("join-token"), out var token, out var error))
        {
            throw new UsageException($"--join-token: {error}");
        }

        var count = flags.GetInt("count", 0, minimum: 1);
        if (count == 0)
        {
            throw new UsageException("--count is required");
        }

        var prefix = flags.Get("prefix") ?? "sim";
        var digits = Math.Max(flags.GetInt("digits", 4, minimum: 1), count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        if (!NodeNames.IsValid(prefix + new string('0', digits)))
        {
            throw new UsageException($"--prefix '{prefix}' does not make valid node names: {NodeNames.Rule}");
        }

        return new SimulatorOptions
        {
            Brain = brain,
            JoinToken = token,
            Count = count,
            Prefix = prefix,
            Digits = digits,
            DataDirectory = Path.GetFullPath(flags.Get("data-dir") ?? "sim-data"),
            EnrolConcurrency = flags.GetInt("enrol-concurrency", 16, minimum: 1),
            DialConcurrency = flags.GetInt("dial-concurrency", 64, minimum: 1),
        };
    }
}
