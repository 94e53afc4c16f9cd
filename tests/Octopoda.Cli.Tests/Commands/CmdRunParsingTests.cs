using Octopoda.Cli.Commands;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Tests.Commands;

public sealed class CmdRunParsingTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public void Parse_PositionalCommand_FirstIsCommandRestAreTargets()
    {
        var request = BuildRequest("cmd", "run", "uname -a", "n1", "n2");

        Assert.Equal("uname -a", request.Command);
        Assert.Equal(["n1", "n2"], request.Targets);
        Assert.False(request.Background);
    }

    [Theory]
    [InlineData("-c")]
    [InlineData("-cc")]
    [InlineData("--common-command")]
    public void Parse_CommandOption_AllPositionalsAreTargets(string alias)
    {
        var request = BuildRequest("cmd", "run", alias, "hostname", "n1", "n2");

        Assert.Equal("hostname", request.Command);
        Assert.Equal(["n1", "n2"], request.Targets);
    }

    [Fact]
    public void Parse_FlagsBeforeCommandNamedTrue_FlagsTakeNoValue()
    {
        var request = BuildRequest("cmd", "run", "--async", "--parallel", "true", "n1");

        Assert.Equal(("true", true), (request.Command, request.Parallel));
        Assert.Equal(["n1"], request.Targets);
    }

    [Fact]
    public void Parse_Background_SetsBackground()
    {
        var request = BuildRequest("cmd", "run", "-bg", "sleep 100", "n1");

        Assert.Equal(("sleep 100", true), (request.Command, request.Background));
        Assert.Equal(["n1"], request.Targets);
    }

    [Fact]
    public void Parse_ShellScript_ReadsFileRelativeToWorkingDirectory()
    {
        _runner.Directory.Write("setup.sh", "echo hi\n");

        var request = BuildRequest("cmd", "run", "-ss", "setup.sh", "n1");

        Assert.Equal(("echo hi\n", "setup.sh"), (request.Script, request.ScriptName));
    }

    [Fact]
    public void Parse_GroupTargetsAndNumbers_KeepsAtSignsAndReadsOptions()
    {
        var request = BuildRequest("-o", "json", "cmd", "run", "--ttl", "30", "--timeout", "5", "--parallel", "ls", "@web", "ALL");

        Assert.Equal(["@web", "ALL"], request.Targets);
        Assert.Equal((30, 5, true), (request.TtlSeconds, request.TimeoutSeconds, request.Parallel));
    }

    [Theory]
    [InlineData("cmd", "run", "-c", "ls")]
    [InlineData("cmd", "run", "uname")]
    [InlineData("cmd", "run")]
    [InlineData("cmd", "run", "--ttl", "abc", "ls", "n1")]
    [InlineData("cmd", "run", "--ttl", "-1", "ls", "n1")]
    [InlineData("cmd", "run", "--timeout", "0", "ls", "n1")]
    [InlineData("cmd", "run", "-c", "ls", "-bg", "x", "n1")]
    [InlineData("-o", "xml", "node", "get")]
    [InlineData("node", "prune")]
    [InlineData("node", "get", "-sf", "sleepy")]
    [InlineData("node")]
    [InlineData("bogus")]
    public async Task RunAsync_BadArguments_ExitsUsageWithErrorOnStderrOnly(params string[] args)
    {
        // No Brain is configured: a usage error must be found before one is needed.
        var result = await _runner.RunAsync(args);

        Assert.True(ExitCodes.Usage == result.ExitCode, result.ToString());
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ScriptMissing_ExitsUsage()
    {
        var result = await _runner.RunAsync("--brain", $"http://127.0.0.1:{FreePort.Next()}", "cmd", "run", "-ss", "absent.sh", "n1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("absent.sh does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoBrainConfigured_ExitsUsageSayingHowToSetIt()
    {
        var result = await _runner.RunAsync("node", "get");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--brain", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_ExitsSuccess()
    {
        var result = await _runner.RunAsync("cmd", "run", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--common-command", result.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _runner.Dispose();

    private RunCommandRequest BuildRequest(params string[] args)
    {
        var context = new OctlContext(_runner.Environment(TextWriter.Null, TextWriter.Null));
        var parse = OctlApp.Parse(context, args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        var command = Assert.IsType<CmdRunCommand>(parse.CommandResult.Command);
        return command.BuildRequest(parse);
    }
}
