using Octopoda.Cli.Commands;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Commands;

public sealed class CmdRunArgumentsTests
{
    [Fact]
    public void Resolve_NoCommandOption_FirstPositionalIsTheCommand()
    {
        var arguments = CmdRunArguments.Resolve(null, null, null, ["uname -a", "n1", "n2"]);

        Assert.Equal("uname -a", arguments.Command);
        Assert.Equal(["n1", "n2"], arguments.Targets);
    }

    [Fact]
    public void Resolve_CommandOption_EveryPositionalIsATarget()
    {
        var arguments = CmdRunArguments.Resolve("hostname", null, null, ["n1", "n2"]);

        Assert.Equal("hostname", arguments.Command);
        Assert.Equal(["n1", "n2"], arguments.Targets);
    }

    [Fact]
    public void ToRequest_Background_SetsBackgroundAndCommand()
    {
        var request = CmdRunArguments.Resolve(null, "sleep 100", null, ["n1"]).ToRequest(5, 30, parallel: true, Environment.CurrentDirectory);

        Assert.Equal(("sleep 100", true, 5, 30, true), (request.Command, request.Background, request.TtlSeconds, request.TimeoutSeconds, request.Parallel));
        Assert.Null(request.Script);
    }

    [Fact]
    public void ToRequest_Script_SendsTextAndFileName()
    {
        using var directory = new TempDirectory();
        directory.Write("scripts/deploy.sh", "#!/bin/bash\necho deployed\n");

        var request = CmdRunArguments.Resolve(null, null, "scripts/deploy.sh", ["n1", "@web"]).ToRequest(0, null, false, directory.Path);

        Assert.Equal(("#!/bin/bash\necho deployed\n", "deploy.sh"), (request.Script, request.ScriptName));
        Assert.Null(request.Command);
        Assert.Equal(["n1", "@web"], request.Targets);
    }

    [Fact]
    public void ToRequest_ScriptMissing_ThrowsUsage()
    {
        using var directory = new TempDirectory();

        var ex = Assert.Throws<OctlUsageException>(() =>
            CmdRunArguments.Resolve(null, null, "nope.sh", ["n1"]).ToRequest(0, null, false, directory.Path));

        Assert.Contains("nope.sh does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_ScriptOverOneMebibyte_ThrowsUsage()
    {
        using var directory = new TempDirectory();
        directory.Write("big.sh", new string('#', ScriptFile.MaxBytes + 1));

        var ex = Assert.Throws<OctlUsageException>(() =>
            CmdRunArguments.Resolve(null, null, "big.sh", ["n1"]).ToRequest(0, null, false, directory.Path));

        Assert.Contains("1 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, new string[0], "nothing to run")]
    [InlineData(null, null, null, new[] { "uname" }, "no target")]
    [InlineData("ls", null, null, new string[0], "no target")]
    [InlineData(null, "sleep 1", null, new string[0], "no target")]
    [InlineData("ls", "sleep 1", null, new[] { "n1" }, "only one of")]
    [InlineData("ls", null, "a.sh", new[] { "n1" }, "only one of")]
    [InlineData(" ", null, null, new[] { "n1" }, "the command is empty")]
    public void Problem_BadCombinations_AreNamed(string? command, string? background, string? script, string[] positionals, string expected) =>
        Assert.Contains(expected, CmdRunArguments.Problem(command, background, script, positionals), StringComparison.Ordinal);
}
