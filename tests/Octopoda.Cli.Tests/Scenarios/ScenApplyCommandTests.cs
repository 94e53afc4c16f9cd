using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary><c>octl scen apply</c> against a fake Brain on a real socket: what is checked before sending, what is sent in which order, and what is shown.</summary>
public sealed class ScenApplyCommandTests : IAsyncLifetime
{
    private readonly OctlRunner _runner = new();
    private readonly ScenarioBrain _brain = new(ScenarioFolder.Nodes);
    private string _folder = "";

    private string DeploymentFile => Path.Combine(_folder, "deployment.yaml");

    public Task InitializeAsync()
    {
        _folder = ScenarioFolder.Write(_runner.Directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        _runner.Dispose();
    }

    [Fact]
    public async Task Apply_BrokenDeployment_PrintsEachProblemAtItsLine_AndSendsNothing()
    {
        await File.WriteAllTextAsync(DeploymentFile, ScenarioFolder.Yaml.Replace("    description: \"the web tier\"", "    descripton: \"the web tier\"", StringComparison.Ordinal));

        var result = await ApplyAsync("shop", "prepare");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{DeploymentFile}:5: unknown key 'descripton' in an application; did you mean 'description'?", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{DeploymentFile}:4: application 'web' needs 'description'", result.Error, StringComparison.Ordinal);
        Assert.Contains($"error: {DeploymentFile} has 2 problem(s); nothing was sent", result.Error, StringComparison.Ordinal);
        Assert.Empty(_brain.Requests);
    }

    [Fact]
    public async Task Apply_CommitWithoutMessage_ExitsUsage_AndSendsNothing()
    {
        var result = await ApplyAsync("shop", "commit");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'commit' records a version of every NodeApp and needs a message: add -m", result.Error, StringComparison.Ordinal);
        Assert.Empty(_brain.Requests);
    }

    [Fact]
    public async Task Apply_UnknownTarget_ExitsUsage_ListingTheScenariosTargets()
    {
        var result = await ApplyAsync("shop", "deploy");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("the scenario shop has no target 'deploy': use one of prepare, start, stop, purge, migrate, commit", result.Error, StringComparison.Ordinal);
        Assert.Empty(_brain.Requests);
    }

    [Fact]
    public async Task Apply_ScriptOverOneMiB_IsRefusedBeforeAnythingIsSent()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "cache", "scripts", "start.sh"), new string('#', (1024 * 1024) + 1));

        var result = await ApplyAsync("shop", "start");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("the 'start' script of application 'cache'", result.Error, StringComparison.Ordinal);
        Assert.Contains("is 1048577 bytes; the limit is 1048576", result.Error, StringComparison.Ordinal);
        Assert.Empty(_brain.Requests);
    }

    [Fact]
    public async Task Apply_DeclarationWithUnresolvedNodes_IsReportedAtTheNodesLine_AndNothingElseIsSent()
    {
        _brain.Problems["db"] = "no node or group '@dbs' in /lab";

        var result = await ApplyAsync("shop", "start");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{DeploymentFile}:{ScenarioFolder.NodesLine["db"]}: application 'db': no node or group '@dbs' in /lab\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("error: the Brain cannot resolve the nodes of 1 application(s) of shop; nothing was stored or run", result.Error, StringComparison.Ordinal);
        var declare = Assert.Single(_brain.Requests);
        Assert.Equal(("PUT", "/api/v1/scenarios/shop"), (declare.Method, declare.RawUrl));
        var body = JsonSerializer.Deserialize(declare.Body, ProtocolJsonContext.Default.ScenarioDeclaration)!;
        Assert.Equal("the shop", body.Description);
        Assert.Equal(
            [("web", "the web tier", "n1,n2"), ("db", "the database", "@dbs"), ("cache", "the cache", "n3")],
            body.Applications.Select(a => (a.Name, a.Description, string.Join(',', a.Nodes))));
    }

    [Fact]
    public async Task Apply_Prepare_UploadsEachAppsSourcesAtTopLevel_RunsThePrepareScriptsByOrder_ThenCommitsAndRecordsAVersion()
    {
        _brain.Together("b-prepare-web", "b-prepare-db", "b-prepare-cache");
        _brain.Together("b-run-prepare-web", "b-run-prepare-db");

        var result = await ApplyAsync("shop", "prepare", "-m", "first release");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var events = _brain.Events.ToList();
        Assert.Equal("declare", events[0]);
        AssertBefore(events, ["prepare web", "prepare db", "prepare cache"], ["answered b-prepare-web", "answered b-prepare-db", "answered b-prepare-cache"]);
        AssertBefore(events, ["answered b-prepare-web", "answered b-prepare-db", "answered b-prepare-cache"], ["run prepare web", "run prepare db"]);
        AssertBefore(events, ["answered b-run-prepare-web", "answered b-run-prepare-db"], ["run prepare cache"]);
        // The version is the prepared state: every NodeApp commits after the prepare scripts, then the scenario records.
        AssertBefore(events, ["answered b-run-prepare-cache"], ["commit web", "commit db", "commit cache"]);
        AssertBefore(events, ["answered b-commit-web", "answered b-commit-db", "answered b-commit-cache"], ["version"]);
        Assert.DoesNotContain(events, e => e.StartsWith("run start", StringComparison.Ordinal));

        var web = _brain.Sources["web"];
        Assert.Equal([".env", "current", "index.html", "static/", "static/app.js"], web.Select(e => e.Name));
        Assert.Equal("<h1>shop</h1>\n", Encoding.UTF8.GetString(web.Single(e => e.Name == "index.html").Content!));
        Assert.Equal((TarEntryType.SymbolicLink, "static"), web.Single(e => e.Name == "current") is var link ? (link.Type, link.LinkName) : default);
        Assert.Empty(_brain.Sources["db"]);
        Assert.Equal(1024, _brain.SourceBytes["db"]);
        Assert.Empty(_brain.Sources["cache"]);
        var upload = _brain.Requests.Single(r => r.Path == "/api/v1/scenarios/shop/apps/web/prepare");
        Assert.Equal("message=first release", WebUtility.UrlDecode(upload.RawUrl.Split('?')[1]));
        Assert.Equal("application/x-tar", upload.ContentType);
        var version = _brain.Requests.Single(r => r.Path == "/api/v1/scenarios/shop/versions");
        Assert.Equal("first release", JsonSerializer.Deserialize(version.Body, ProtocolJsonContext.Default.MessageRequest)!.Message);

        var run = _brain.Runs["prepare db"];
        Assert.Equal(("prepare", "prepare.sh", ScenarioFolder.Script("prepare", "db"), (int?)null), (run.Target, run.ScriptName, run.Script, run.TimeoutSeconds));

        Assert.Contains("prepare · sources", result.Out, StringComparison.Ordinal);
        Assert.Matches($@"web\s+n2\s+succeeded\s+{ScenarioBrain.Hash("web/n2/prepare")[..12]} \(new\)", result.Out);
        Assert.Contains($"recorded scenario version {ScenarioBrain.Hash("scenario")[..12]}: prepare", result.Out, StringComparison.Ordinal);
        Assert.True(
            result.Out.IndexOf("prepare · order 1", StringComparison.Ordinal) < result.Out.IndexOf("prepare · order 2", StringComparison.Ordinal),
            result.Out);
        Assert.Matches(@"db\s+n3\s+succeeded\s+prepare db on n3", result.Out);
        Assert.Contains("prepare shop: 4 steps, 12 tasks: 12 succeeded, 0 failed, 0 unreachable", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_NoTarget_PreparesThenStarts_EachTargetByOrder()
    {
        _brain.Together("b-run-start-db", "b-run-start-cache");

        var result = await ApplyAsync("shop");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var events = _brain.Events.ToList();
        AssertBefore(events, ["answered b-run-prepare-cache"], ["version"]);
        AssertBefore(events, ["version"], ["run start db", "run start cache"]);
        AssertBefore(events, ["answered b-run-start-db", "answered b-run-start-cache"], ["run start web"]);
        Assert.Equal("message=prepare", WebUtility.UrlDecode(_brain.Requests.First(r => r.Path.EndsWith("/prepare", StringComparison.Ordinal)).RawUrl.Split('?')[1]));
        Assert.Contains("default shop: 6 steps, 16 tasks: 16 succeeded", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Purge_RunsThePurgeScriptsByOrder_ThenRemovesTheScenario()
    {
        var result = await ApplyAsync("shop", "purge");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var events = _brain.Events.ToList();
        AssertBefore(events, ["answered b-run-purge-web", "answered b-run-purge-cache"], ["run purge db"]);
        AssertBefore(events, ["answered b-run-purge-db"], ["purge"]);
        Assert.DoesNotContain("version", events);
        Assert.Single(_brain.Requests, r => r is { Method: "DELETE", RawUrl: "/api/v1/scenarios/shop" });
        Assert.Contains("purge · remove the NodeApps", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"cache\s+n3\s+succeeded\s+deleted", result.Out);
    }

    [Fact]
    public async Task Apply_NodeFails_OthersAndLaterGroupsStillRun_AndTheExitCodeSaysSo()
    {
        _brain.Alter = (step, app, node, task) => (step, app, node) == ("run prepare", "web", "n2")
            ? task with { State = TaskState.Failed, ExitCode = 3, Error = "exited with code 3", Stderr = "cannot reach the database\n" }
            : task;

        var table = await ApplyAsync("shop", "prepare");
        var json = await ApplyAsync("-o", "json", "shop", "prepare");

        Assert.Equal(ExitCodes.TaskFailed, table.ExitCode);
        Assert.Contains("run prepare cache", _brain.Events);
        Assert.Matches(@"web\s+n2\s+failed\s+prepare web on n2\s*\n\s*exited with code 3\s*\n\s*cannot reach the database", table.Out);
        Assert.Contains("prepare · order 1\n", table.Out, StringComparison.Ordinal);
        Assert.Contains("3 nodes: 2 succeeded, 1 failed, 0 unreachable", table.Out, StringComparison.Ordinal);
        Assert.Contains("prepare shop: 4 steps, 12 tasks: 11 succeeded, 1 failed, 0 unreachable", table.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.TaskFailed, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var failed = document.RootElement.GetProperty("steps")[1].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("state").GetString() == "failed");
        Assert.Equal(("web", "n2", "exited with code 3", "prepare web on n2\n"),
            (failed.GetProperty("app").GetString(), failed.GetProperty("node").GetString(), failed.GetProperty("error").GetString(), failed.GetProperty("output").GetString()));
    }

    [Fact]
    public async Task Apply_Json_IsOneDocumentWithEveryStepAndResult_AndNothingElse()
    {
        var result = await ApplyAsync("-o", "json", "shop");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal(("shop", "default", true), (root.GetProperty("scenario").GetString(), root.GetProperty("target").GetString(), root.GetProperty("completed").GetBoolean()));
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(
            [("prepare", "prepare", 0), ("run", "prepare", 1), ("run", "prepare", 2), ("commit", "commit", 0), ("run", "start", 1), ("run", "start", 2)],
            steps.Select(s => (s.GetProperty("step").GetString(), s.GetProperty("target").GetString(), s.TryGetProperty("order", out var o) ? o.GetInt32() : 0)));
        var prepared = steps[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["web n1", "web n2", "db n3", "cache n3"], prepared.Select(r => $"{r.GetProperty("app").GetString()} {r.GetProperty("node").GetString()}"));
        Assert.Equal((ScenarioBrain.Hash("web/n1/prepare"), true, "succeeded"),
            (prepared[0].GetProperty("version").GetString(), prepared[0].GetProperty("appended").GetBoolean(), prepared[0].GetProperty("state").GetString()));
        var started = steps[5].GetProperty("results")[0];
        Assert.Equal("start web on n1\n", started.GetProperty("output").GetString());
        Assert.Equal((ScenarioBrain.Hash("scenario"), true), (root.GetProperty("version").GetProperty("hash").GetString(), root.GetProperty("version").GetProperty("appended").GetBoolean()));
        Assert.Equal(["n1", "n2"], root.GetProperty("applications")[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Apply_Commit_CommitsEveryApp_ThenRecordsAVersionWithTheMessage_SayingWhenNothingChanged()
    {
        _brain.Version = new ScenarioVersionResult
        {
            Appended = false,
            Version = new ScenarioVersionView { Hash = ScenarioBrain.Hash("old"), Time = Samples.Now, Message = "earlier", NodeApps = [] },
        };

        var result = await ApplyAsync("shop", "commit", "-m", "tuned the cache");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var events = _brain.Events.ToList();
        AssertBefore(events, ["answered b-commit-web", "answered b-commit-db", "answered b-commit-cache"], ["version"]);
        Assert.All(_brain.Requests.Where(r => r.Path.EndsWith("/commit", StringComparison.Ordinal) || r.Path.EndsWith("/versions", StringComparison.Ordinal)),
            r => Assert.Equal("tuned the cache", JsonSerializer.Deserialize(r.Body, ProtocolJsonContext.Default.MessageRequest)!.Message));
        Assert.Equal(3, _brain.Requests.Count(r => r.Path.EndsWith("/commit", StringComparison.Ordinal)));
        Assert.Contains($"no change: the scenario stays at version {ScenarioBrain.Hash("old")[..12]}", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_brain.Events, e => e.StartsWith("run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_CustomTarget_RunsOnlyTheAppsThatHaveIt_WithTheScriptsPathAsWrittenAndTheTimeout()
    {
        var result = await ApplyAsync("shop", "migrate", "--timeout", "90s");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var run = Assert.Single(_brain.Runs).Value;
        Assert.Equal(("migrate", "sub/migrate.sh", ScenarioFolder.Script("migrate", "web"), (int?)90), (run.Target, run.ScriptName, run.Script, run.TimeoutSeconds));
        Assert.Contains(_brain.Requests, r => r.RawUrl == "/api/v1/batches/b-run-migrate-web/wait?timeoutSeconds=105");
        Assert.DoesNotContain(_brain.Events, e => e.StartsWith("prepare", StringComparison.Ordinal) || e == "version");
    }

    [Fact]
    public async Task Apply_CtrlC_CancelsEveryBatchInFlight_AndExitsCancelled()
    {
        _brain.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _brain.HoldCount = 3;
        using var interrupt = new CancellationTokenSource();

        var apply = _runner.RunAsync(interrupt.Token, "--brain", _brain.Address.ToString(), "scen", "apply", "shop", "stop");
        await _brain.Waiting.Task.Within("octl to wait for the three stop batches");
        await interrupt.CancelAsync();
        var result = await apply;

        Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
        Assert.Equal(["cancel b-run-stop-cache", "cancel b-run-stop-db", "cancel b-run-stop-web"], _brain.Events.Where(e => e.StartsWith("cancel", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("error: interrupted: cancelled batch b-run-stop-web (stop · web): 2 tasks cancelled, 0 stopping, 0 already finished", result.Error, StringComparison.Ordinal);
        Assert.Contains("stop shop (stopped part way): 0 steps", result.Out, StringComparison.Ordinal);
    }

    private Task<OctlResult> ApplyAsync(params string[] args)
    {
        var format = args.Length > 1 && args[0] == "-o" ? args[..2] : [];
        return _runner.RunAsync([.. format, "--brain", _brain.Address.ToString(), "scen", "apply", .. args[format.Length..]]);
    }

    /// <summary>Every one of <paramref name="first"/> happened, and before any of <paramref name="then"/>, which all happened too.</summary>
    private static void AssertBefore(List<string> events, string[] first, string[] then)
    {
        var last = first.Select(e => events.IndexOf(e)).ToList();
        var next = then.Select(e => events.IndexOf(e)).ToList();
        Assert.True(last.All(i => i >= 0) && next.All(i => i >= 0) && last.Max() < next.Min(),
            $"expected [{string.Join(", ", first)}] before [{string.Join(", ", then)}] in:\n{string.Join("\n", events)}");
    }
}
