using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octopoda.Tentacle.Journal;
using Octopoda.Tentacle.Link;
using Octopoda.Tentacle.Status;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle;

/// <summary>
/// The Tentacle as an object: <c>Program</c> builds and runs one; tests construct the same class. Create opens the
/// task journal (replacing an unreadable one); start begins the resource sampler, recovers the task executor from
/// the journal and starts the link loop and the sweeper of outgoing file streams; stop says goodbye to the Brain,
/// stops the link, kills running tasks (reported lost on the next connection) and leaves tasks not yet started, and
/// file transfers part-way, in the journal for the next start.
/// </summary>
internal sealed class TentacleApplication : IAsyncDisposable
{
    private readonly TentacleOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly StatusSampler _sampler;
    private readonly TaskExecutor _executor;
    private readonly FileTasks _files;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _linkLoop;
    private Task? _outgoingSweeper;

    private TentacleApplication(TentacleOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _loggers = loggers;
        _time = time;
        _sampler = new StatusSampler(options.Name, options.WorkspacePath, time, logger: loggers.CreateLogger<StatusSampler>());
        var journal = TaskJournal.Open(options.DataDirectory, time, loggers.CreateLogger<TaskJournal>());
        _files = new FileTasks(options, time, loggers.CreateLogger<Files.OutgoingStreams>());
        var processes = new ProcessRunner(options, time);
        var nodeApps = new NodeAppRunner(options, new NodeApps.NodeAppStore(options.WorkspacePath, options.DataDirectory, time), _files.Push, processes, time);
        _executor = new TaskExecutor(journal, processes, time, loggers.CreateLogger<TaskExecutor>(), _files, nodeApps);
        Link = new BrainLink(options, _executor, _files.Outgoing, _sampler, time, loggers.CreateLogger<BrainLink>());
    }

    public string NodeName => _options.Name;

    public BrainLink Link { get; }

    public TaskExecutor Executor => _executor;

    public static TentacleApplication Create(TentacleOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(TentacleOptions), typeof(TentacleOptions), problems);
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        File.SetUnixFileMode(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(options.WorkspacePath);
        return new TentacleApplication(options, loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, time ?? TimeProvider.System);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _sampler.Start();
        // Recovery first: the journal's unacknowledged and lost results are in the outbox before the first
        // connection, and re-run tasks are queued ahead of anything new.
        await _executor.StartAsync(cancellationToken);
        _outgoingSweeper = Task.Run(() => _files.Outgoing.RunSweeperAsync(_stopping.Token), CancellationToken.None);
        _linkLoop = Task.Run(() => Link.RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Completes when the link is up (or throws <see cref="TimeoutException"/> naming the node).</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnConnected() => connected.TrySetResult();
        Link.Connected += OnConnected;
        try
        {
            if (Link.State != LinkState.Connected)
            {
                await connected.Task.WaitAsync(timeout, _time);
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Tentacle {NodeName} did not connect within {timeout.TotalSeconds:0} s (link state {Link.State}).");
        }
        finally
        {
            Link.Connected -= OnConnected;
        }
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        if (_linkLoop is not null)
        {
            await _linkLoop;
        }

        if (_outgoingSweeper is not null)
        {
            await _outgoingSweeper;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _executor.DisposeAsync();
        await _sampler.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>Runs until SIGTERM/Ctrl-C, as a Generic Host service.</summary>
    public static async Task RunAsync(TentacleOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<TentacleHostedService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        using var host = builder.Build();
        await host.RunAsync();
    }

    /// <summary>Adapts the application to the Generic Host, so SIGTERM stops it cleanly.</summary>
    private sealed class TentacleHostedService(TentacleOptions options, ILoggerFactory loggers) : IHostedService
    {
        private TentacleApplication? _app;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _app = Create(options, loggers);
            await _app.StartAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
