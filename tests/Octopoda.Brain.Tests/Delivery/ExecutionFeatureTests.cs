using System.Net;
using System.Net.Sockets;
using System.Text;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Delivery;

/// <summary>xrun delays, time-aligned starts, tail and httpget, end to end through real Tentacles.</summary>
public sealed class ExecutionFeatureTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _files = new("features");
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Xrun_StartsAfterTheDelay_AndItsResultIsCollected()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo delayed", Targets = ["@all"], DelaySeconds = 2 });

        foreach (var reference in submission.Tasks)
        {
            var task = await _cluster.Client.WaitTaskAsync(reference.Id, Wait);
            Assert.Equal(TaskState.Succeeded, task.State);
            Assert.Equal("delayed\n", task.Stdout);
            Assert.True(task.StartedAt - task.AcceptedAt >= TimeSpan.FromSeconds(1.9), $"started {task.StartedAt - task.AcceptedAt} after accepting");
        }
    }

    [Fact]
    public async Task TimeAligned_StartsEveryNodeWithinTheTolerance()
    {
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["@all"], TimeAligned = true, AlignToleranceMs = 100 });

        var tasks = new List<TaskView>();
        foreach (var reference in submission.Tasks)
        {
            tasks.Add(await _cluster.Client.WaitTaskAsync(reference.Id, Wait));
        }

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.State));
        var starts = tasks.Select(t => t.StartedAt!.Value).ToList();
        var spread = starts.Max() - starts.Min();
        Assert.True(spread < TimeSpan.FromMilliseconds(100), $"spread {spread.TotalMilliseconds} ms");
        Assert.All(tasks, t => Assert.True(t.StartedAt - t.CreatedAt >= TimeSpan.FromMilliseconds(400), "an aligned start is placed ahead of the slowest link"));
    }

    [Fact]
    public async Task TimeAligned_NodeThatCannotMeetTheStart_RefusesWithAReason()
    {
        await _cluster.StopTentacleAsync("node2");
        var submission = await _cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "true", Targets = ["node2"], TimeAligned = true, TtlSeconds = 60 });
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _cluster.StartTentacleAsync("node2");

        var task = await _cluster.Client.WaitTaskAsync(Assert.Single(submission.Tasks).Id, Wait);

        Assert.Equal(TaskState.Failed, task.State);
        Assert.Null(task.StartedAt);
        Assert.False(string.IsNullOrWhiteSpace(task.Error));
    }

    [Fact]
    public async Task Tail_StreamsAppendedLines_UntilCancelled()
    {
        var file = Path.Combine(_files.Path, "app log.txt");
        await File.WriteAllTextAsync(file, "older line\nold line\n");
        var submission = await _cluster.Client.TailAsync(new TailRequest { Node = "node1", Path = file, Lines = 1 });
        var id = Assert.Single(submission.Tasks).Id;
        await Eventually.TrueAsync(async () => (await _cluster.Client.GetTaskAsync(id)).State == TaskState.Running, Wait, "tail to run");

        using var cancel = new CancellationTokenSource(Wait);
        var seen = new StringBuilder();
        var appended = false;
        await foreach (var item in _cluster.Client.StreamTaskAsync(id, cancel.Token))
        {
            if (item.Type == TaskStreamEvent.OutputType)
            {
                seen.Append(item.Data);
                if (!appended && seen.ToString() == "old line\n")
                {
                    // tail has the file open (it printed the last line): what is appended now is new.
                    await File.AppendAllTextAsync(file, "new line 1\nnew line 2\n", cancel.Token);
                    appended = true;
                }

                if (seen.ToString().Contains("new line 2\n", StringComparison.Ordinal))
                {
                    await _cluster.Client.CancelTaskAsync(id, cancel.Token);
                }
            }
            else
            {
                Assert.Equal(TaskState.Cancelled, item.Task!.State);
            }
        }

        Assert.Equal("old line\nnew line 1\nnew line 2\n", seen.ToString());
    }

    [Fact]
    public async Task HttpGet_FetchesFromTheNode_AndRefusesOversizeBodies()
    {
        using var server = new TinyHttpServer("hello from the web\n");
        var ok = await _cluster.Client.HttpGetAsync(new HttpGetRequest { Url = server.Url, Targets = ["@all"] });
        foreach (var reference in ok.Tasks)
        {
            var task = await _cluster.Client.WaitTaskAsync(reference.Id, Wait);
            Assert.Equal(TaskState.Succeeded, task.State);
            Assert.Equal("hello from the web\n", task.Stdout);
        }

        var tooBig = await _cluster.Client.HttpGetAsync(new HttpGetRequest { Url = server.Url, Targets = ["node1"], MaxBytes = 5 });
        var refused = await _cluster.Client.WaitTaskAsync(tooBig.Tasks[0].Id, Wait);
        Assert.Equal(TaskState.Failed, refused.State);
        Assert.Contains("larger", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("not a url")]
    public async Task HttpGet_BadUrl_IsRefusedBeforeAnythingRuns(string url)
    {
        var error = await Assert.ThrowsAsync<Octopoda.Client.OctopodaApiException>(() => _cluster.Client.HttpGetAsync(new HttpGetRequest { Url = url, Targets = ["node1"] }));

        Assert.Equal(400, (int)error.StatusCode);
        Assert.Empty((await _cluster.Client.ListTasksAsync()).Tasks);
    }

    /// <summary>An HTTP/1.1 server on a loopback port that answers every request with one body.</summary>
    private sealed class TinyHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public TinyHttpServer(string body)
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/page";
            _ = ServeAsync(Encoding.UTF8.GetBytes(body));
        }

        public string Url { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync(byte[] body)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
                // Stopped.
            }
        }
    }
}
