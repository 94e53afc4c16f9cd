using System.Diagnostics;
using System.Text;

namespace Octopoda.EndToEnd.Tests;

/// <summary>A real child process (one of our binaries) with its output captured, killed on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>Runs one of our binaries to completion; returns its exit code, stdout and stderr.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string dll, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? stdin = null) =>
        RunToolAsync("dotnet", [dll, .. arguments], timeout, environment, stdin);

    /// <summary>
    /// Runs any program to completion with <paramref name="stdin"/> as its input (a pipe, never a terminal; empty
    /// when null); returns its exit code, stdout and stderr.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(
        string program, IEnumerable<string> arguments, TimeSpan? timeout = null, IDictionary<string, string>? environment = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Octopoda.Testing.Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal) || HasExited, timeout, $"'{text}' in the output of process {Id}")
            .ContinueWith(t =>
            {
                if (!Output.Contains(text, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Process {Id} exited or timed out before printing '{text}'. Output:\n{Output}", t.Exception);
                }
            }, TaskScheduler.Default);

    /// <summary>SIGKILL: no goodbye, no cleanup, as a crash or power cut.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGKILL, then waits until the process is reaped (not for its output pipes, which a task's processes may hold).</summary>
    public async Task KillHardAsync(TimeSpan timeout)
    {
        KillHard();
        await Octopoda.Testing.Eventually.TrueAsync(() => _process.HasExited, timeout, $"process {Id} to die of SIGKILL");
    }

    /// <summary>SIGTERM (a graceful stop, as systemd asks), then waits until the process has exited.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        var (exit, _, stderr) = await RunToolAsync("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
        if (exit != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed ({exit}): {stderr}");
        }

        await Octopoda.Testing.Eventually.TrueAsync(() => _process.HasExited, timeout, $"process {Id} to exit after SIGTERM");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(bound.Token);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
