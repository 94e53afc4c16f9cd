using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs a task's process: <c>setsid bash -c &lt;command&gt;</c> (or <c>bash &lt;file&gt;</c>, or <c>tail -F</c>) in the
/// workspace, stdin closed, stdout and stderr decoded into bounded <see cref="OutputLog"/>s as they arrive, with the
/// <c>OCTOPODA_*</c> environment. A timeout or cancellation kills the whole process group. No part of a command is
/// ever re-quoted or interpolated: it is handed to bash as one argument; a tailed path is one argument of tail.
/// </summary>
internal sealed class ProcessRunner(TentacleOptions options, TimeProvider? time = null)
{
    /// <summary>A tail without its own limit stops after an hour...</summary>
    public const int DefaultTailSeconds = 3600;

    /// <summary>...and none runs longer than a day.</summary>
    public const int MaxTailSeconds = 86_400;

    // After the main process exits, how long to keep reading output still held open by children it left
    // running in the background (e.g. "daemon &"); they keep running, we stop waiting.
    private static readonly TimeSpan OrphanOutputGrace = TimeSpan.FromMilliseconds(200);

    private static readonly string Shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    private static readonly string Tail = new[] { "/usr/bin/tail", "/bin/tail" }.FirstOrDefault(File.Exists) ?? "tail";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs a command or script, capturing its output into fresh logs.</summary>
    public Task<ProcessOutcome> RunAsync(string taskId, string kind, CommandPayload payload, Action<int> started, CancellationToken cancellationToken) =>
        RunCommandAsync(taskId, kind, payload, new ProcessHooks { Started = start => started(start.ProcessId ?? 0) }, cancellationToken);

    /// <summary>
    /// Runs a command or script. <paramref name="scope"/>, when given, runs it in a NodeApp: its directory is the
    /// working directory and <c>OCTOPODA_CURRENTDIR</c>, and its variables (app, scenario, output file) are added.
    /// </summary>
    public async Task<ProcessOutcome> RunCommandAsync(
        string taskId, string kind, CommandPayload payload, ProcessHooks hooks, CancellationToken cancellationToken, RunScope? scope = null)
    {
        var workspace = options.WorkspacePath;
        Directory.CreateDirectory(workspace);
        var directory = scope?.WorkingDirectory ?? workspace;
        string? scriptFile = null;
        var arguments = new List<string> { Shell };
        if (kind == TaskKinds.Script)
        {
            var scripts = Path.Combine(workspace, ".octopoda", "scripts");
            Directory.CreateDirectory(scripts);
            scriptFile = Path.Combine(scripts, $"{taskId}.sh");
            await File.WriteAllTextAsync(scriptFile, payload.Script ?? "", cancellationToken);
            arguments.Add(scriptFile);
        }
        else
        {
            var command = payload.Command ?? "";
            if (payload.Background)
            {
                // Detach the command's I/O into a log so it outlives this task without holding our pipes.
                command = "exec </dev/null >>\"$OCTOPODA_BG_LOG\" 2>&1\n" + command;
            }

            arguments.Add("-c");
            arguments.Add(command);
        }

        var info = StartInfo(arguments, directory, redirectOutput: !payload.Background);
        SetEnvironment(info, taskId, payload, scriptFile, workspace);
        if (scope is not null)
        {
            info.Environment["OCTOPODA_CURRENTDIR"] = directory;
            foreach (var (key, value) in scope.Environment)
            {
                info.Environment[key] = value;
            }
        }

        try
        {
            return payload.Background
                ? await StartBackgroundAsync(info, hooks, cancellationToken)
                : await RunForegroundAsync(info, payload.TimeoutSeconds, hooks, cancellationToken);
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }

    /// <summary>Runs <c>tail -F -n &lt;lines&gt; -- &lt;path&gt;</c> until cancelled or its time limit (which ends it normally).</summary>
    public Task<ProcessOutcome> RunTailAsync(string taskId, TailPayload payload, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var seconds = payload.TimeoutSeconds ?? DefaultTailSeconds;
        if (string.IsNullOrEmpty(payload.Path) || payload.Path.Contains('\0', StringComparison.Ordinal))
        {
            return Task.FromResult(ProcessOutcome.NotStarted("tail needs a file path"));
        }

        if (payload.Lines < 0)
        {
            return Task.FromResult(ProcessOutcome.NotStarted($"tail lines must be 0 or more, not {payload.Lines}"));
        }

        if (seconds is < 1 or > MaxTailSeconds)
        {
            return Task.FromResult(ProcessOutcome.NotStarted($"tail timeout must be 1 to {MaxTailSeconds} s, not {seconds}"));
        }

        var workspace = options.WorkspacePath;
        Directory.CreateDirectory(workspace);
        var path = Path.Combine(workspace, payload.Path);
        var info = StartInfo([Tail, "-F", "-n", payload.Lines.ToString(CultureInfo.InvariantCulture), "--", path], workspace, redirectOutput: true);
        SetEnvironment(info, taskId, new CommandPayload(), null, workspace);
        return RunForegroundAsync(info, seconds, hooks, cancellationToken);
    }

    private static ProcessStartInfo StartInfo(List<string> arguments, string workspace, bool redirectOutput)
    {
        // setsid puts the task in a session (and process group) of its own whose id is its process id: see ProcessGroup.
        var info = new ProcessStartInfo
        {
            FileName = Setsid ?? arguments[0],
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
            UseShellExecute = false,
        };
        foreach (var argument in Setsid is null ? arguments.Skip(1) : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private async Task<ProcessOutcome> StartBackgroundAsync(ProcessStartInfo info, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var (process, start, refusal) = await StartAsync(info, hooks, cancellationToken);
        if (process is null)
        {
            return refusal!;
        }

        using (process)
        {
            process.StandardInput.Close();
            return new ProcessOutcome { ExitCode = 0, Stdout = process.Id.ToString(CultureInfo.InvariantCulture) + "\n", Start = start };
        }
    }

    private async Task<ProcessOutcome> RunForegroundAsync(ProcessStartInfo info, int? timeoutSeconds, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var (process, start, refusal) = await StartAsync(info, hooks, cancellationToken);
        if (process is null)
        {
            return refusal!;
        }

        using var _ = process;
        var pid = process.Id;
        process.StandardInput.Close();
        using var stopReading = new CancellationTokenSource();
        var reading = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, hooks.Stdout, stopReading.Token),
            PumpAsync(process.StandardError.BaseStream, hooks.Stderr, stopReading.Token));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeoutSeconds is { } seconds)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var timedOut = false;
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            cancelled = cancellationToken.IsCancellationRequested;
            timedOut = !cancelled;
            ProcessGroup.Kill(pid);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        if (timedOut || cancelled)
        {
            // Sweep the group once more: a child forked between the first kill and the exit.
            ProcessGroup.Kill(pid);
        }

        try
        {
            await reading.WaitAsync(OrphanOutputGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await stopReading.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // Reading stopped.
        }

        hooks.Stdout.Complete();
        hooks.Stderr.Complete();
        var reason = timedOut ? $"timed out after {timeoutSeconds} s; the process group was killed"
            : cancelled ? "cancelled; the process group was killed"
            : null;
        return new ProcessOutcome
        {
            ExitCode = process.ExitCode,
            Stdout = hooks.Stdout.ResultText(),
            Stderr = hooks.Stderr.ResultText(),
            Truncated = hooks.Stdout.Truncated || hooks.Stderr.Truncated,
            Error = reason,
            TimedOut = timedOut,
            Cancelled = cancelled,
            Start = start,
        };
    }

    /// <summary>The last wait (if any), then the start; the process, or why there is none.</summary>
    private async Task<(Process? Process, ProcessStart Start, ProcessOutcome? Refusal)> StartAsync(ProcessStartInfo info, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        try
        {
            if (hooks.BeforeStart is not null && await hooks.BeforeStart(cancellationToken) is { } refusal)
            {
                return (null, default, ProcessOutcome.NotStarted(refusal));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            return (null, default, ProcessOutcome.NotStarted("cancelled before it started", cancelled: true));
        }

        var startedAt = TaskClock.PreciseUnixMs(_time);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            return (null, default, ProcessOutcome.NotStarted($"could not start {info.FileName}: {ex.Message}"));
        }

        var start = new ProcessStart(process.Id, startedAt);
        try
        {
            hooks.Started?.Invoke(start);
        }
        catch
        {
            // Nobody would wait for it: do not leave it running.
            ProcessGroup.Kill(process.Id);
            process.Dispose();
            throw;
        }

        return (process, start, null);
    }

    private static async Task PumpAsync(Stream source, OutputLog log, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            log.Append(buffer.AsSpan(0, read));
        }
    }

    private void SetEnvironment(ProcessStartInfo info, string taskId, CommandPayload payload, string? scriptFile, string workspace)
    {
        var env = info.Environment;
        foreach (var (key, value) in options.Environment)
        {
            env[key] = value;
        }

        env["OCTOPODA_NODENAME"] = options.Name;
        env["OCTOPODA_TASK"] = taskId;
        env["OCTOPODA_ROOT"] = "/";
        env["OCTOPODA_WORKSPACE"] = workspace;
        env["OCTOPODA_FSTORE"] = Path.GetFullPath(options.FileStorePath);
        env["OCTOPODA_LOG"] = Path.GetFullPath(options.LogPath);
        env["OCTOPODA_PAKMA"] = Path.GetFullPath(options.PakmaPath);
        env["OCTOPODA_CURRENTDIR"] = workspace;
        env["OCTOPODA_OUTPUT"] = "NONE";
        env["OCTOPODA_FILENAME"] = scriptFile is null ? "NONE" : payload.ScriptName ?? Path.GetFileName(scriptFile);
        if (payload.Background)
        {
            var logs = Path.Combine(workspace, ".octopoda", "background");
            Directory.CreateDirectory(logs);
            env["OCTOPODA_BG_LOG"] = Path.Combine(logs, $"{taskId}.log");
        }
    }
}
