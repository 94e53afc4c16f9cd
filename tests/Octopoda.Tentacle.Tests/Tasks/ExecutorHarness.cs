using Microsoft.Extensions.Logging.Abstractions;
using Octopoda.Protocol.Agent;
using Octopoda.Tentacle.Journal;
using Octopoda.Tentacle.Tasks;
using Octopoda.Tentacle.Tests.Status;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Tasks;

/// <summary>
/// A real <see cref="TaskExecutor"/> over a real journal in a temp data directory, reporting to a
/// <see cref="ReportRecorder"/>. Restart disposes the executor as a stopping Tentacle would and opens the same
/// directory again, like the next Tentacle process.
/// </summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TestDirectory _dir;

    public ExecutorHarness(string prefix = "executor")
    {
        _dir = new TestDirectory(prefix);
        Options = new TentacleOptions { Name = "unit", Brains = ["https://127.0.0.1:1"], DataDirectory = _dir.Path };
        Directory.CreateDirectory(Options.WorkspacePath);
    }

    public TentacleOptions Options { get; }

    public string DataDirectory => _dir.Path;

    public string Workspace => Options.WorkspacePath;

    public string JournalPath => Path.Combine(_dir.Path, JournalFile.FileName);

    public TaskExecutor Executor { get; private set; } = null!;

    /// <summary>The file task runners of the current executor (a new set per start, as in a new process).</summary>
    public FileTasks Files { get; private set; } = null!;

    public ReportRecorder Reports { get; private set; } = new();

    public ListLogger Log { get; } = new();

    /// <summary>Opens the journal, recovers, and attaches a fresh recorder (as a new connection would).</summary>
    public async Task StartAsync(bool attach = true)
    {
        var journal = TaskJournal.Open(DataDirectory, TimeProvider.System, Log);
        Files = new FileTasks(Options, TimeProvider.System, NullLogger<Tentacle.Files.OutgoingStreams>.Instance);
        Executor = new TaskExecutor(journal, new ProcessRunner(Options), TimeProvider.System, NullLogger<TaskExecutor>.Instance, Files);
        await Executor.StartAsync().WaitAsync(Timeout);
        Reports = new ReportRecorder();
        if (attach)
        {
            await AttachAsync();
        }
    }

    /// <summary>A new connection: a fresh recorder gets the re-sends.</summary>
    public async Task<ReportRecorder> AttachAsync()
    {
        var reports = new ReportRecorder();
        Reports = reports;
        await Executor.AttachAsync(reports, CancellationToken.None).WaitAsync(Timeout);
        return reports;
    }

    public async Task StopAsync()
    {
        if (Executor is not null)
        {
            await Executor.DisposeAsync().AsTask().WaitAsync(Timeout);
            Executor = null!;
        }
    }

    public async Task RestartAsync(bool attach = true)
    {
        await StopAsync();
        await StartAsync(attach);
    }

    public Task AcceptAsync(TaskDispatch dispatch) => Executor.AcceptAsync(dispatch, CancellationToken.None).WaitAsync(Timeout);

    /// <summary>Dispatches and waits for the result.</summary>
    public async Task<TaskResult> RunAsync(TaskDispatch dispatch, TimeSpan? timeout = null)
    {
        await AcceptAsync(dispatch);
        return await Reports.ResultAsync(dispatch.TaskId, timeout);
    }

    public string WorkspaceFile(string name) => Path.Combine(Workspace, name);

    public string ReadWorkspaceFile(string name) => File.Exists(WorkspaceFile(name)) ? File.ReadAllText(WorkspaceFile(name)) : "";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
