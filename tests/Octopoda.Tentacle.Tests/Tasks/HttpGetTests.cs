using System.Net;
using System.Text;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class HttpGetTests : IAsyncLifetime
{
    private readonly ExecutorHarness _tentacle = new("httpget");
    private readonly LocalWebServer _server = LocalWebServer.Start(RespondAsync);

    public Task InitializeAsync() => _tentacle.StartAsync();

    public async Task DisposeAsync()
    {
        await _tentacle.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task HttpGet_Ok_SucceedsWithTheBodyAsStdout()
    {
        var result = await GetAsync(new Uri(_server.Address, "ok").ToString());

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello, octopoda 🐙\n", result.Stdout);
        Assert.NotNull(result.StartedAtUnixMs);
    }

    [Fact]
    public async Task HttpGet_NotFound_FailsWithTheStatusLine()
    {
        var result = await GetAsync(new Uri(_server.Address, "missing").ToString());

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal("HTTP 404 Not Found", result.Error);
        Assert.Equal("no such page", result.Stdout);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("big-declared")]
    public async Task HttpGet_BodyOverMaxBytes_Fails(string path)
    {
        var result = await GetAsync(new Uri(_server.Address, path).ToString(), maxBytes: 1000);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal("the body is larger than 1000 bytes", result.Error);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x")]
    [InlineData("not a url")]
    public async Task HttpGet_NotHttp_FailsWithoutFetching(string url)
    {
        var result = await GetAsync(url);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Contains("only absolute http:// or https:// URLs", result.Error, StringComparison.Ordinal);
        Assert.Null(result.StartedAtUnixMs);
    }

    [Fact]
    public async Task HttpGet_ConnectionRefused_FailsWithTheMessage()
    {
        var result = await GetAsync($"http://127.0.0.1:{LocalWebServer.UnusedPort()}/");

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HttpGet_SlowServer_TimesOut()
    {
        var result = await GetAsync(new Uri(_server.Address, "slow").ToString(), timeoutSeconds: 1);

        Assert.Equal(TaskState.Failed, result.State);
        Assert.Equal("timed out after 1 s", result.Error);
    }

    private Task<Protocol.Agent.TaskResult> GetAsync(string url, int maxBytes = 1024 * 1024, int timeoutSeconds = 10) =>
        _tentacle.RunAsync(Dispatches.Of(TaskKinds.HttpGet, new HttpGetPayload { Url = url, MaxBytes = maxBytes, TimeoutSeconds = timeoutSeconds }, ProtocolJsonContext.Default.HttpGetPayload));

    private static async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        switch (context.Request.Url!.AbsolutePath)
        {
            case "/ok":
                await WriteAsync(response, 200, "hello, octopoda 🐙\n", declareLength: true);
                break;
            case "/missing":
                await WriteAsync(response, 404, "no such page", declareLength: true);
                break;
            case "/big":
                await WriteAsync(response, 200, new string('b', 5000), declareLength: false);
                break;
            case "/big-declared":
                await WriteAsync(response, 200, new string('b', 5000), declareLength: true);
                break;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(5));
                await WriteAsync(response, 200, "late", declareLength: true);
                break;
            default:
                response.StatusCode = 500;
                break;
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body, bool declareLength)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        if (declareLength)
        {
            response.ContentLength64 = bytes.Length;
        }
        else
        {
            response.SendChunked = true;
        }

        await response.OutputStream.WriteAsync(bytes);
    }
}
