using System.Text;
using System.Text.Json;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;
using Octopoda.Tentacle.NodeApps;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Runs the NodeApp task kinds (<c>napp.*</c>): prepare (receive the sources like a file push and lay them over the
/// NodeApp directory; octl commits after the prepare scripts), run (a target's script in the NodeApp directory,
/// its <c>$OCTOPODA_OUTPUT</c> the result), commit, reset and delete. Every outcome carries a
/// <see cref="NodeAppReport"/>, from which the Brain keeps its copy of each NodeApp's history.
/// </summary>
internal sealed class NodeAppRunner(TentacleOptions options, NodeAppStore store, FilePushRunner push, ProcessRunner processes, TimeProvider time)
{
    private readonly SafeExtractor _extractor = new();

    public async Task<ProcessOutcome> RunAsync(
        string taskId, string kind, NodeAppPayload payload, Func<FileChunkRequest, Task<bool>> request, ProcessHooks hooks, CancellationToken stopping, CancellationToken cancellationToken)
    {
        if (!ScenarioNames.IsValid(payload.App) || !ScenarioNames.IsValid(payload.Scenario))
        {
            return ProcessOutcome.NotStarted($"the NodeApp '{payload.App}@{payload.Scenario}' has an invalid name: {ScenarioNames.Rule}");
        }

        var message = payload.Message is { Length: > 0 } text ? text : kind;
        try
        {
            return kind switch
            {
                TaskKinds.NodeAppPrepare when payload.Source is { } source =>
                    await push.ReceiveAsync(source.TransferId, source.TotalBytes, source.Sha256, request, hooks, stopping, (archive, start, ct) => PrepareAsync(payload, source, archive, start, ct), cancellationToken),
                TaskKinds.NodeAppRun when payload.Script is not null => await RunScriptAsync(taskId, payload, hooks, cancellationToken),
                TaskKinds.NodeAppCommit => await Immediately(hooks, start => CommitAsync(payload, message, start, cancellationToken)),
                TaskKinds.NodeAppReset when payload.Version is { Length: > 0 } version => await Immediately(hooks, start => ResetAsync(payload, version, message, start, cancellationToken)),
                TaskKinds.NodeAppDelete => await Immediately(hooks, start => Task.FromResult(Delete(payload, start))),
                _ => ProcessOutcome.NotStarted($"the {kind} task lacks what it needs (sources, script or version); nothing was done"),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ProcessOutcome.NotStarted($"NodeApp {payload.App}@{payload.Scenario}: {ex.Message}");
        }
    }

    private async Task<ProcessOutcome> PrepareAsync(NodeAppPayload payload, NodeAppSource source, string archive, ProcessStart start, CancellationToken cancellationToken)
    {
        store.Ensure(payload.App, payload.Scenario, payload.Description);
        var directory = store.DirectoryOf(payload.App, payload.Scenario);
        FileReceiveResult<string> staged;
        var stream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream)
        {
            staged = await _extractor.ExtractAsync(stream, directory, source.TransferId, source.TotalBytes, cancellationToken);
        }

        if (!staged.Succeeded)
        {
            return new ProcessOutcome { Error = staged.Error, Start = start };
        }

        int placed;
        try
        {
            placed = SourceOverlay.Apply(staged.Value, directory);
        }
        finally
        {
            if (Directory.Exists(staged.Value))
            {
                Directory.Delete(staged.Value, recursive: true);
            }
        }

        // The version is recorded by the commit that follows the prepare scripts: it is the prepared state.
        return Succeeded(start, $"placed {placed} entries in {directory}\n", Report(payload, store.Find(payload.App, payload.Scenario)?.Newest, appended: false));
    }

    private async Task<ProcessOutcome> RunScriptAsync(string taskId, NodeAppPayload payload, ProcessHooks hooks, CancellationToken cancellationToken)
    {
        var record = store.Ensure(payload.App, payload.Scenario, payload.Description);
        var outputs = Path.Combine(options.DataDirectory, "nodeapp-output");
        Directory.CreateDirectory(outputs);
        var outputFile = Path.Combine(outputs, $"{taskId}.out");
        await File.WriteAllBytesAsync(outputFile, [], cancellationToken);
        try
        {
            var scope = new RunScope(store.DirectoryOf(payload.App, payload.Scenario), new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["OCTOPODA_APP"] = payload.App,
                ["OCTOPODA_SCENARIO"] = payload.Scenario,
                ["OCTOPODA_TARGET"] = payload.Target ?? "",
                ["OCTOPODA_OUTPUT"] = outputFile,
            });
            var command = new CommandPayload { Script = payload.Script, ScriptName = payload.ScriptName, TimeoutSeconds = payload.TimeoutSeconds };
            var outcome = await processes.RunCommandAsync(taskId, TaskKinds.Script, command, hooks, cancellationToken, scope);
            var report = Report(payload, record.Newest, appended: false) with { Output = await ReadOutputAsync(outputFile, cancellationToken) };
            return outcome with { Report = JsonSerializer.Serialize(report, ProtocolJsonContext.Default.NodeAppReport) };
        }
        finally
        {
            File.Delete(outputFile);
        }
    }

    private async Task<ProcessOutcome> CommitAsync(NodeAppPayload payload, string message, ProcessStart start, CancellationToken cancellationToken)
    {
        if (store.Find(payload.App, payload.Scenario) is null)
        {
            return new ProcessOutcome { Error = $"there is no NodeApp {payload.App}@{payload.Scenario} on this node: prepare the scenario first", Start = start };
        }

        var committed = await store.CommitAsync(payload.App, payload.Scenario, message, cancellationToken);
        return Succeeded(start, Describe(committed.Version, committed.Appended) + "\n", Report(payload, committed.Version, committed.Appended));
    }

    private async Task<ProcessOutcome> ResetAsync(NodeAppPayload payload, string version, string message, ProcessStart start, CancellationToken cancellationToken)
    {
        if (store.Find(payload.App, payload.Scenario) is null)
        {
            return new ProcessOutcome { Error = $"there is no NodeApp {payload.App}@{payload.Scenario} on this node: nothing to reset", Start = start };
        }

        var reset = await store.ResetAsync(payload.App, payload.Scenario, version, message, cancellationToken);
        return reset.Succeeded
            ? Succeeded(start, $"reset to {reset.Version!.Hash[..12]}\n", Report(payload, reset.Version, appended: true))
            : new ProcessOutcome { Error = reset.Error, Start = start };
    }

    private ProcessOutcome Delete(NodeAppPayload payload, ProcessStart start)
    {
        var existed = store.Delete(payload.App, payload.Scenario);
        var summary = existed ? $"removed {payload.App}@{payload.Scenario}\n" : $"{payload.App}@{payload.Scenario} was not on this node\n";
        return Succeeded(start, summary, Report(payload, version: null, appended: false) with { Deleted = true });
    }

    private async Task<ProcessOutcome> Immediately(ProcessHooks hooks, Func<ProcessStart, Task<ProcessOutcome>> work)
    {
        var start = new ProcessStart(null, TaskClock.PreciseUnixMs(time));
        hooks.Started?.Invoke(start);
        return await work(start);
    }

    private static string Describe(NodeAppVersion version, bool appended) =>
        appended ? $"new version {version.Hash[..12]}" : $"no change (version {version.Hash[..12]})";

    private static NodeAppReport Report(NodeAppPayload payload, NodeAppVersion? version, bool appended) =>
        new() { App = payload.App, Scenario = payload.Scenario, Version = version, Appended = appended };

    private static ProcessOutcome Succeeded(ProcessStart start, string stdout, NodeAppReport report) => new()
    {
        ExitCode = 0,
        Start = start,
        Stdout = stdout,
        Report = JsonSerializer.Serialize(report, ProtocolJsonContext.Default.NodeAppReport),
    };

    /// <summary>The output file's text, cut to <see cref="NodeAppReport.MaxOutputChars"/> (a script may write any amount).</summary>
    private static async Task<string> ReadOutputAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        await using (stream)
        {
            var buffer = new byte[NodeAppReport.MaxOutputChars];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return text.Length > NodeAppReport.MaxOutputChars ? text[..NodeAppReport.MaxOutputChars] : text;
        }
    }
}
