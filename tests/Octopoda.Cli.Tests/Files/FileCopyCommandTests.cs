using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Files;

/// <summary><c>octl file copy</c>: splitting <c>node:path</c>, the request, and malformed arguments.</summary>
public sealed class FileCopyCommandTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public async Task Copy_SplitsAtTheFirstColonAndSendsPathsUntouched()
    {
        await using var brain = SubmittingBrain.Start(
            ApiRoutes.FilesCopy, UploadBrain.Placed("n2", "a:b c", "/srv/x", 10), UploadBrain.Placed("n3", "a:b c", "/srv/x", 10));

        var result = await _runner.RunAsync(
            "--brain", brain.Address.ToString(), "file", "copy", "-f", "--ttl", "90", "n1:/var/it's \"a\":b c\n", "@web:/srv/x y");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = JsonSerializer.Deserialize(brain.Requests.First().Body, ProtocolJsonContext.Default.FileCopyRequest)!;
        Assert.Equal(("n1", "/var/it's \"a\":b c\n", "/srv/x y", true, 90),
            (request.SourceNode, request.SourcePath, request.TargetDirectory, request.Force, request.TtlSeconds));
        Assert.Equal(["@web"], request.Targets);
        Assert.EndsWith("2 nodes: 2 succeeded, 0 failed, 0 unreachable\n", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n1/etc/app.conf", "n2:/srv", "'n1/etc/app.conf' has no colon: expected <node>:<path>, e.g. web1:/etc/app.conf")]
    [InlineData(":/etc/app.conf", "n2:/srv", "':/etc/app.conf' has nothing before its colon: expected <node>:<path>, e.g. web1:/etc/app.conf")]
    [InlineData("n1:", "n2:/srv", "'n1:' has nothing after its colon: expected <node>:<path>, e.g. web1:/etc/app.conf")]
    [InlineData("n1:/etc/app.conf", "@web", "'@web' has no colon: expected <target>:<dir>, e.g. @web:/etc/app")]
    [InlineData("n1:/etc/app.conf", " :/srv", "' :/srv' has nothing before its colon: expected <target>:<dir>, e.g. @web:/etc/app")]
    [InlineData("n1:/etc/app.conf", "n2:", "'n2:' has nothing after its colon: expected <target>:<dir>, e.g. @web:/etc/app")]
    public async Task Copy_MalformedArguments_ExitUsageWithTheExpectedForm(string source, string destination, string message)
    {
        await using var brain = SubmittingBrain.Start(ApiRoutes.FilesCopy);

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "file", "copy", source, destination);

        Assert.Equal((ExitCodes.Usage, $"error: {message}\n"), (result.ExitCode, result.Error));
        Assert.Empty(brain.Requests);
    }

    [Theory]
    [InlineData("brain:app.conf", "n2:/srv")]
    [InlineData("n1:/etc/app.conf", "brain:app")]
    [InlineData("n1:/etc/app.conf")]
    [InlineData("n1:/etc/app.conf", "n2:/srv", "n3:/srv")]
    public async Task Copy_BrainOrWrongCount_ExitsUsageWithoutAnyRequest(params string[] args)
    {
        await using var brain = SubmittingBrain.Start(ApiRoutes.FilesCopy);

        var result = await _runner.RunAsync(["--brain", brain.Address.ToString(), "file", "copy", .. args]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Empty(brain.Requests);
    }

    public void Dispose() => _runner.Dispose();
}
