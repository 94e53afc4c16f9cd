using System.Diagnostics;
using System.Net;
using Octopoda.Protocol;

namespace Octopoda.Perf.Simulation;

/// <summary>
/// Runs <see cref="SimulatorOptions.Count"/> virtual Tentacles in this process: loads or enrols their identities
/// (bounded concurrency), starts every node's connection loop, says "ready: N connected" once all are up, then
/// reports changes until stopped.
/// </summary>
internal sealed class Simulator(SimulatorOptions options, TextWriter output)
{
    private const int EnrolAttempts = 5;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly SimulatorStats _stats = new();

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var started = Stopwatch.StartNew();
        using var enrolment = new BrainEnrolment(options.Brain, options.JoinToken);
        using var ca = await enrolment.DiscoverCaAsync(stopping);
        var credentials = new NodeCredentials?[options.Count];
        try
        {
            await LoadOrEnrolAsync(enrolment, credentials, stopping);
            output.WriteLine($"identities ready for {options.Count} nodes in {started.Elapsed.TotalSeconds:0.0} s; connecting");

            var endpoint = new UriBuilder(new Uri(options.Brain, ProtocolInfo.AgentPath))
            {
                Scheme = options.Brain.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
            }.Uri;
            using var dialGate = new SemaphoreSlim(options.DialConcurrency);
            var nodes = credentials.Select((c, i) => new SimulatedNode(options.NodeName(i), c!, endpoint, ca, dialGate, _stats)).ToArray();
            var running = nodes.Select(node => Task.Run(() => node.RunAsync(stopping), CancellationToken.None)).ToArray();
            await ReportAsync(started, stopping);

            output.WriteLine($"stopping {options.Count} nodes");
            var all = Task.WhenAll(running);
            if (await Task.WhenAny(all, Task.Delay(StopTimeout, CancellationToken.None)) != all)
            {
                output.WriteLine($"{_stats.Connected} nodes did not close within {StopTimeout.TotalSeconds:0} s; leaving anyway");
            }

            output.WriteLine($"stopped: {_stats.Tasks} tasks answered, {_stats.Connects} connections made");
            return 0;
        }
        finally
        {
            foreach (var c in credentials)
            {
                c?.Dispose();
            }
        }
    }

    private async Task LoadOrEnrolAsync(BrainEnrolment enrolment, NodeCredentials?[] credentials, CancellationToken stopping)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var missing = new List<int>();
        for (var i = 0; i < credentials.Length; i++)
        {
            credentials[i] = NodeCredentials.TryLoad(NodeDirectory(i), options.JoinToken.CaFingerprint);
            if (credentials[i] is null)
            {
                missing.Add(i);
            }
        }

        output.WriteLine($"{credentials.Length - missing.Count} identities cached in {options.DataDirectory}, {missing.Count} to enrol ({options.EnrolConcurrency} at a time)");
        if (missing.Count == 0)
        {
            return;
        }

        var timer = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = options.EnrolConcurrency, CancellationToken = stopping },
            async (i, cancellationToken) =>
            {
                credentials[i] = await EnrolWithRetryAsync(enrolment, i, cancellationToken);
                if (Interlocked.Increment(ref done) % 100 == 0)
                {
                    output.WriteLine($"enrolled {done}/{missing.Count}");
                }
            });
        output.WriteLine($"enrolled {missing.Count} nodes in {timer.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Retries what may pass (the Brain busy or restarting); a refusal (403: token spent) ends the run.</summary>
    private async Task<NodeCredentials> EnrolWithRetryAsync(BrainEnrolment enrolment, int index, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await enrolment.EnrollAsync(options.NodeName(index), NodeDirectory(index), cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < EnrolAttempts && ex.StatusCode is null or >= HttpStatusCode.InternalServerError)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private string NodeDirectory(int index) => Path.Combine(options.DataDirectory, options.NodeName(index));

    /// <summary>Prints "ready" once everyone is connected, then a line whenever something changed, until stopped.</summary>
    private async Task ReportAsync(Stopwatch started, CancellationToken stopping)
    {
        var ready = false;
        var lastLine = "";
        var lastPrinted = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var connected = _stats.Connected;
                if (!ready && connected == options.Count)
                {
                    ready = true;
                    output.WriteLine($"ready: {connected} connected ({started.Elapsed.TotalSeconds:0.0} s after start)");
                    continue;
                }

                if (lastPrinted.Elapsed < ProgressEvery)
                {
                    continue;
                }

                var line = $"connected {connected}/{options.Count}, connections made {_stats.Connects}, tasks {_stats.Tasks}, " +
                           $"duplicates {_stats.Duplicates}, status reports {_stats.StatusReports}";
                if (line != lastLine)
                {
                    var failure = connected < options.Count && _stats.LastFailure is { } last ? $"; last failure: {last}" : "";
                    output.WriteLine(line + failure);
                    lastLine = line;
                }

                lastPrinted.Restart();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
