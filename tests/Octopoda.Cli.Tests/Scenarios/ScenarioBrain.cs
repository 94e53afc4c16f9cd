using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Octopoda.Cli.Tests.Files;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary>
/// A fake Brain for the scenario commands on a real socket. It resolves each application to the nodes the test
/// gives, reads prepare uploads back as tar entries, answers every step with one batch per application (ids
/// <c>b-{kind}-{app}</c>, <c>b-run-{target}-{app}</c>, <c>b-purge</c>, <c>b-reset</c>) whose tasks succeed with a
/// NodeApp report unless <see cref="Alter"/> says otherwise, and logs in <see cref="Events"/> when each submission
/// arrived and when each batch's results were answered, so tests can check what ran before what.
/// </summary>
internal sealed class ScenarioBrain : IAsyncDisposable
{
    private readonly FakeBrain _fake;
    private readonly ConcurrentDictionary<string, TaskView[]> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly List<string[]> _together = [];
    private int _held;

    public ScenarioBrain(IReadOnlyDictionary<string, string[]> nodes)
    {
        Nodes = nodes;
        _fake = FakeBrain.Start(HandleAsync);
    }

    public Uri Address => _fake.Address;

    public IReadOnlyDictionary<string, string[]> Nodes { get; }

    public ConcurrentQueue<RecordedRequest> Requests => _fake.Requests;

    /// <summary><c>declare</c>, <c>prepare web</c>, <c>run start web</c>, <c>commit web</c>, <c>version</c>, <c>purge</c>, <c>reset</c>, <c>answered b-…</c>, <c>cancel b-…</c>, in order.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Each application's prepare upload, read back.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<ReceivedEntry>> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Each prepare upload's length in bytes.</summary>
    public ConcurrentDictionary<string, long> SourceBytes { get; } = new(StringComparer.Ordinal);

    /// <summary>Each run request, by <c>{target} {app}</c>.</summary>
    public ConcurrentDictionary<string, NodeAppRunRequest> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>Applications whose nodes do not resolve, with why: the declaration is then not stored.</summary>
    public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);

    /// <summary>Changes a node's result: (step, app, node, default result) → result; the step is <c>prepare</c>, <c>run {target}</c>, <c>commit</c>, <c>purge</c> or <c>reset</c>.</summary>
    public Func<string, string, string, TaskView, TaskView>? Alter { get; set; }

    /// <summary>What recording a scenario version answers.</summary>
    public ScenarioVersionResult Version { get; set; } = new()
    {
        Appended = true,
        Version = new ScenarioVersionView { Hash = Hash("scenario"), Time = Samples.Now, Message = "prepare", NodeApps = [] },
    };

    /// <summary>When set, waiting for a batch never ends (a node still running), for Ctrl-C tests.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes once <see cref="HoldCount"/> waits are being held by <see cref="Hold"/>.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many held waits complete <see cref="Waiting"/>.</summary>
    public int HoldCount { get; set; } = 1;

    /// <summary>A 64-hex-digit hash made from <paramref name="seed"/>.</summary>
    public static string Hash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    /// <summary>
    /// The results of these batches are held back until all of them were submitted: the applications of one order
    /// group must be submitted together, not one after another (a test that breaks this times out saying so).
    /// </summary>
    public void Together(params string[] batches)
    {
        _together.Add(batches);
        foreach (var batch in batches)
        {
            _gates[batch] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The default result of a node's task.</summary>
    public static TaskView Result(string kind, string app, string node, string scenario = "shop", string? output = null) => new()
    {
        Id = $"t-{kind}-{app}-{node}",
        BatchId = $"b-{kind}-{app}",
        Node = node,
        Kind = kind == "run" ? TaskKinds.NodeAppRun : kind == "purge" ? TaskKinds.NodeAppDelete : $"napp.{kind}",
        State = TaskState.Succeeded,
        ExitCode = 0,
        CreatedAt = Samples.Now,
        DurationMs = 12,
        Report = JsonSerializer.Serialize(
            new NodeAppReport
            {
                App = app,
                Scenario = scenario,
                Version = kind == "purge" ? null : new NodeAppVersion { Hash = Hash($"{app}/{node}/{kind}"), Time = Samples.Now, Message = kind },
                Appended = kind is "prepare" or "commit" or "reset",
                Deleted = kind == "purge",
                Output = output,
            },
            ProtocolJsonContext.Default.NodeAppReport),
    };

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _fake.DisposeAsync();
    }

    private async Task HandleAsync(HttpListenerContext context, RecordedRequest request)
    {
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var rest = parts.Skip(2).ToArray();
        switch (request.Method, rest)
        {
            case ("PUT", ["scenarios", _]):
                Events.Enqueue("declare");
                await DeclareAsync(context, request);
                return;
            case ("POST", ["scenarios", var scenario, "apps", var app, "prepare"]):
                Events.Enqueue($"prepare {app}");
                var bytes = new CountingStream(context.Request.InputStream);
                Sources[app] = await TarContents.ReadAsync(bytes);
                await bytes.CopyToAsync(Stream.Null);
                SourceBytes[app] = bytes.Count;
                await SubmitAsync(context, $"b-prepare-{app}", Nodes[app].Select(n => Final("prepare", app, n, scenario)));
                return;
            case ("POST", ["scenarios", var scenario, "apps", var app, "run"]):
                var run = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.NodeAppRunRequest)!;
                Events.Enqueue($"run {run.Target} {app}");
                Runs[$"{run.Target} {app}"] = run;
                await SubmitAsync(context, $"b-run-{run.Target}-{app}",
                    Nodes[app].Select(n => Final("run", app, n, scenario, $"{run.Target} {app} on {n}\n", $"run {run.Target}")));
                return;
            case ("POST", ["scenarios", var scenario, "apps", var app, "commit"]):
                Events.Enqueue($"commit {app}");
                await SubmitAsync(context, $"b-commit-{app}", Nodes[app].Select(n => Final("commit", app, n, scenario)));
                return;
            case ("POST", ["scenarios", _, "versions"]):
                Events.Enqueue("version");
                await FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(Version, ProtocolJsonContext.Default.ScenarioVersionResult));
                return;
            case ("POST", ["scenarios", var scenario, "reset"]):
                Events.Enqueue("reset");
                await SubmitAsync(context, "b-reset", Nodes.SelectMany(a => a.Value.Select(n => Final("reset", a.Key, n, scenario))));
                return;
            case ("POST", ["nodes", var node, "apps", var nodeApp, "reset"]):
                Events.Enqueue($"reset {node} {nodeApp}");
                var (resetApp, owner) = (nodeApp.Split('@')[0], nodeApp.Split('@')[1]);
                await SubmitAsync(context, "b-reset", [Final("reset", resetApp, node, owner)]);
                return;
            case ("DELETE", ["scenarios", var scenario]):
                Events.Enqueue("purge");
                await SubmitAsync(context, "b-purge", Nodes.SelectMany(a => a.Value.Select(n => Final("purge", a.Key, n, scenario))));
                return;
            case ("GET", ["batches", var batch, "wait"]):
                await AnswerWaitAsync(context, batch);
                return;
            case ("POST", ["batches", var batch, "cancel"]):
                Events.Enqueue($"cancel {batch}");
                var cancelled = _batches[batch].Select(t => t with { State = TaskState.Cancelled }).ToArray();
                await FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize<IReadOnlyList<TaskView>>(cancelled, ProtocolJsonContext.Default.IReadOnlyListTaskView));
                return;
            default:
                var problem = new ApiProblem { Status = 404, Detail = $"the fake Brain has no route {request.Method} {request.Path}" };
                await FakeBrain.RespondAsync(context, 404, Samples.Json(problem), "application/problem+json");
                return;
        }
    }

    private async Task DeclareAsync(HttpListenerContext context, RecordedRequest request)
    {
        var declaration = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.ScenarioDeclaration)!;
        var plan = new ScenarioPlan
        {
            Stored = Problems.Count == 0,
            Applications = declaration.Applications.Select(a => new ScenarioAppPlan
            {
                Name = a.Name,
                Nodes = Problems.ContainsKey(a.Name) ? [] : Nodes[a.Name],
                Problem = Problems.GetValueOrDefault(a.Name),
            }).ToArray(),
        };
        await FakeBrain.RespondAsync(context, 200, JsonSerializer.Serialize(plan, ProtocolJsonContext.Default.ScenarioPlan));
    }

    private TaskView Final(string kind, string app, string node, string scenario, string? output = null, string? step = null)
    {
        var result = Result(kind, app, node, scenario, output);
        return Alter?.Invoke(step ?? kind, app, node, result) ?? result;
    }

    private async Task SubmitAsync(HttpListenerContext context, string batch, IEnumerable<TaskView> results)
    {
        var tasks = results.Select(t => t with { BatchId = batch }).ToArray();
        _batches[batch] = tasks;
        foreach (var group in _together.Where(g => g.Contains(batch) && g.All(_batches.ContainsKey)))
        {
            foreach (var member in group)
            {
                _gates[member].TrySetResult();
            }
        }

        var submission = new RunSubmission
        {
            BatchId = batch,
            Tasks = tasks.Select(t => new TaskRef { Id = t.Id, Node = t.Node, State = TaskState.Queued }).ToArray(),
        };
        await FakeBrain.RespondAsync(context, (int)HttpStatusCode.Accepted, Samples.Json(submission));
    }

    private async Task AnswerWaitAsync(HttpListenerContext context, string batch)
    {
        if (_gates.TryGetValue(batch, out var gate) && !gate.Task.IsCompleted)
        {
            try
            {
                await gate.Task.WaitAsync(TestTimeouts.Step / 2);
            }
            catch (TimeoutException)
            {
                var problem = new ApiProblem { Status = 500, Detail = $"the fake Brain held {batch} until the rest of its order group was submitted; it never was" };
                await FakeBrain.RespondAsync(context, 500, Samples.Json(problem), "application/problem+json");
                return;
            }
        }

        FakeBrain.BeginStream(context);
        if (Hold is { } hold)
        {
            await context.Response.OutputStream.FlushAsync();
            if (Interlocked.Increment(ref _held) >= HoldCount)
            {
                Waiting.TrySetResult();
            }

            await hold.Task;
            return;
        }

        Events.Enqueue($"answered {batch}");
        foreach (var task in _batches[batch])
        {
            await FakeBrain.WriteLineAsync(context, Samples.Json(task));
        }

        context.Response.Close();
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Count += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Count += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
