using System.ComponentModel;
using System.Diagnostics;
using Octopoda.Protocol;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs a command or script as a child process: <c>setsid bash -c &lt;command&gt;</c> (or <c>bash &lt;file&gt;</c>) in the
/// workspace, stdin closed, stdout and stderr captured up to a limit, with the <c>OCTOPODA_*</c> environment.
/// A timeout or cancellation kills the whole process group. No part of the command is ever re-quoted or
/// interpolated: it is handed to bash as one argument.
/// </summary>
internal sealed class ProcessRunner(TentacleOptions options)
{
    // After the main process exits, how long to keep reading output still held open by children it left
    // running in the background (e.g. "daemon &"); they keep running, we stop waiting.
    private static readonly TimeSpan OrphanOutputGrace = TimeSpan.FromMilliseconds(200);

    private static readonly string Shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    public async Task<ProcessOutcome> RunAsync(string taskId, string kind, CommandPayload payload, Action<int> started, CancellationToken cancellationToken)
    {
        var workspace = options.WorkspacePath;
        Directory.CreateDirectory(workspace);
        string? scriptFile = null;
        var arguments = new List<string>();
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

        var info = new ProcessStartInfo
        {
            FileName = Setsid ?? Shell,
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = !payload.Background,
            RedirectStandardError = !payload.Background,
            UseShellExecute = false,
        };
        if (Setsid is not null)
        {
            info.ArgumentList.Add(Shell);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        SetEnvironment(info, taskId, payload, scriptFile, workspace);
        try
        {
            return payload.Background
                ? StartBackground(info, started)
                : await RunForegroundAsync(info, payload.TimeoutSeconds, started, cancellationToken);
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }

    private static ProcessOutcome StartBackground(ProcessStartInfo info, Action<int> started)
    {
        using var process = StartOrNull(info, out var error);
        if (process is null)
        {
            return new ProcessOutcome(null, "", "", false, error, false, false);
        }

        process.StandardInput.Close();
        started(process.Id);
        return new ProcessOutcome(0, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", "", false, null, false, false);
    }

    private static async Task<ProcessOutcome> RunForegroundAsync(ProcessStartInfo info, int? timeoutSeconds, Action<int> started, CancellationToken cancellationToken)
    {
        using var process = StartOrNull(info, out var error);
        if (process is null)
        {
            return new ProcessOutcome(null, "", "", false, error, false, false);
        }

        var pid = process.Id;
        process.StandardInput.Close();
        started(pid);
        var stdout = new BoundedCapture(ProtocolInfo.MaxCapturedOutputBytes);
        var stderr = new BoundedCapture(ProtocolInfo.MaxCapturedOutputBytes);
        using var stopReading = new CancellationTokenSource();
        var reading = Task.WhenAll(
            stdout.ReadAllAsync(process.StandardOutput.BaseStream, stopReading.Token),
            stderr.ReadAllAsync(process.StandardError.BaseStream, stopReading.Token));

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

        var reason = timedOut ? $"timed out after {timeoutSeconds} s; the process group was killed"
            : cancelled ? "cancelled; the process group was killed"
            : null;
        return new ProcessOutcome(process.ExitCode, stdout.Text(), stderr.Text(), stdout.Truncated || stderr.Truncated, reason, timedOut, cancelled);
    }

    private static Process? StartOrNull(ProcessStartInfo info, out string? error)
    {
        try
        {
            error = null;
            return Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            error = $"could not start {info.FileName}: {ex.Message}";
            return null;
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
        env["OCTOPODA_WORKSPACE"] = workspace;
        env["OCTOPODA_CURRENTDIR"] = workspace;
        env["OCTOPODA_FILENAME"] = scriptFile is null ? "NONE" : payload.ScriptName ?? Path.GetFileName(scriptFile);
        if (payload.Background)
        {
            var logs = Path.Combine(workspace, ".octopoda", "background");
            Directory.CreateDirectory(logs);
            env["OCTOPODA_BG_LOG"] = Path.Combine(logs, $"{taskId}.log");
        }
    }
}
