using System.Diagnostics;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.Tasks;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TestDirectory _dir = new("runner");
    private readonly ProcessRunner _runner;

    public ProcessRunnerTests() =>
        _runner = new ProcessRunner(new TentacleOptions { Name = "unit", Brains = ["https://127.0.0.1:1"], DataDirectory = _dir.Path, Environment = { ["LAB"] = "b2" } });

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_CommandWithQuotesAndEnvironment_PassesThemUntouched()
    {
        var outcome = await RunAsync(new CommandPayload { Command = "printf '%s|%s|%s' \"it's $OCTOPODA_NODENAME\" \"$LAB\" \"$(pwd)\"" });

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"it's unit|b2|{Path.Combine(_dir.Path, "workspace")}", outcome.Stdout);
    }

    [Fact]
    public async Task Run_StdinIsClosed_ReadingCommandsDoNotHang()
    {
        var outcome = await RunAsync(new CommandPayload { Command = "cat; echo done" });

        Assert.Equal("done\n", outcome.Stdout);
    }

    [Fact]
    public async Task Run_Timeout_KillsTheWholeProcessGroup()
    {
        var marker = $"octopoda-timeout-{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();

        var outcome = await RunAsync(new CommandPayload { Command = $"sleep 100 & sleep 100 & exec -a {marker} sleep 100", TimeoutSeconds = 1 });

        Assert.True(outcome.TimedOut);
        Assert.Contains("timed out", outcome.Error, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !ProcessesMatching(marker).Any(), TimeSpan.FromSeconds(5), "no process left from the timed-out task");
    }

    [Fact]
    public async Task Run_Cancelled_KillsTheBackgroundChildrenToo()
    {
        var marker = $"octopoda-cancel-{Guid.NewGuid():N}";
        using var cancel = new CancellationTokenSource();
        var run = _runner.RunAsync("t-cancel", TaskKinds.Command, new CommandPayload { Command = $"(exec -a {marker} sleep 100) & wait" }, _ => { }, cancel.Token);
        await Eventually.TrueAsync(() => ProcessesMatching(marker).Any(), TimeSpan.FromSeconds(10), "the background child to start");

        await cancel.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.Cancelled);
        await Eventually.TrueAsync(() => !ProcessesMatching(marker).Any(), TimeSpan.FromSeconds(5), "the background child to be killed");
    }

    [Fact]
    public async Task Run_HugeOutput_IsTruncatedNotBuffered()
    {
        var outcome = await RunAsync(new CommandPayload { Command = "head -c 5000000 /dev/zero | tr '\\0' x" });

        Assert.True(outcome.Truncated);
        Assert.InRange(outcome.Stdout.Length, 1024 * 1024, (1024 * 1024) + 100);
    }

    [Fact]
    public async Task Run_BackgroundChildHoldingStdout_DoesNotBlockTheResult()
    {
        var watch = Stopwatch.StartNew();

        var outcome = await RunAsync(new CommandPayload { Command = "sleep 3 & echo started" });

        Assert.Equal("started\n", outcome.Stdout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    private Task<ProcessOutcome> RunAsync(CommandPayload payload) =>
        _runner.RunAsync($"t-{Guid.NewGuid():N}", TaskKinds.Command, payload, _ => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    private static IEnumerable<int> ProcessesMatching(string marker) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var pid), Pid: pid))
            .Where(p => p.Ok && ReadCmdline(p.Dir).Contains(marker, StringComparison.Ordinal))
            .Select(p => p.Pid);

    private static string ReadCmdline(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
