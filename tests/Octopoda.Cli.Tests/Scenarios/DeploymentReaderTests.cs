using Octopoda.Cli.Scenarios;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary>deployment.yaml is read and checked before anything is sent, and every problem names the file, the line and the fix.</summary>
public sealed class DeploymentReaderTests : IDisposable
{
    private const string Valid = """
        # a simple example
        name: helloWorld
        description: "a scenario to print hello world"
        applications:
        -
          name: "helloPrinter"
          scriptpath: "hello/scripts/"
          sourcepath: "hello/src/"
          description: "print hello to hello.txt"
          nodes:
            - 'pi-24'
            - '@room1'
          script:
            - target: prepare
              file: "prepare.sh"
              order: 3
            - target: start
              file: "run.sh"
              order: 1
            - target: stop
              file: "stop.sh"
            - target: purge
              file: "purge.sh"
              order: -1
            - target: date
              file: "date.sh"
        """;

    private readonly TempDirectory _dir = new();

    public DeploymentReaderTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "hello", "src"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "hello", "scripts"));
        foreach (var script in new[] { "prepare.sh", "run.sh", "stop.sh", "purge.sh", "date.sh" })
        {
            File.WriteAllText(Path.Combine(_dir.Path, "hello", "scripts", script), "echo $0 >> \"$OCTOPODA_OUTPUT\"\n");
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheOriginalsExample_IsReadWithItsPathsInsideTheFolder()
    {
        var deployment = Read(Valid);

        Assert.Equal(("helloWorld", "a scenario to print hello world"), (deployment.Name, deployment.Description));
        var app = Assert.Single(deployment.Applications);
        Assert.Equal("helloPrinter", app.Name);
        Assert.Equal(Path.Combine(_dir.Path, "hello", "scripts"), app.ScriptDirectory);
        Assert.Equal(Path.Combine(_dir.Path, "hello", "src"), app.SourceDirectory);
        Assert.Equal(["pi-24", "@room1"], app.Nodes);
        Assert.Equal(
            [("prepare", "prepare.sh", 3), ("start", "run.sh", 1), ("stop", "stop.sh", 0), ("purge", "purge.sh", -1), ("date", "date.sh", 0)],
            app.Scripts.Select(s => (s.Target, Path.GetFileName(s.File), s.Order)));
    }

    [Theory]
    [InlineData("name: helloWorld\ndescription: x\n  bad: indent\n", 3, "not valid YAML")]
    [InlineData("name: helloWorld\n", 1, "needs 'description'")]
    [InlineData("name: hello world\ndescription: x\napplications: []\n", 1, "'hello world' is not a valid name")]
    [InlineData("name: a\ndescription: x\napplications: []\n", 3, "at least one application")]
    [InlineData("name: a\ndescription: x\napplicatons: []\n", 3, "unknown key 'applicatons' in the scenario; did you mean 'applications'?")]
    public void BrokenTopLevel_IsReportedWithTheLine(string yaml, int line, string message) => AssertProblem(yaml, line, message);

    [Fact]
    public void AMissingMandatoryTarget_IsReportedAtTheScriptList()
    {
        var yaml = Valid.Replace("    - target: stop\n      file: \"stop.sh\"\n", "", StringComparison.Ordinal);

        AssertProblem(yaml, 14, "application 'helloPrinter' has no script for the mandatory target 'stop': add an entry with target: stop");
    }

    [Fact]
    public void AScriptFileThatDoesNotExist_IsReportedAtItsLine_AndOnlyThere()
    {
        var yaml = Valid.Replace("file: \"run.sh\"", "file: \"runn.sh\"", StringComparison.Ordinal);

        AssertProblem(yaml, 18, "the 'start' script of application 'helloPrinter', hello/scripts/runn.sh, does not exist: create it or fix 'file'");
        Assert.Single(Problems(yaml));
    }

    [Fact]
    public void ASourcePathOutsideTheFolder_IsRefused_EvenThroughALink()
    {
        AssertProblem(Valid.Replace("sourcepath: \"hello/src/\"", "sourcepath: \"../\"", StringComparison.Ordinal), 8, "lies outside the scenario folder");

        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "escape"), "/etc");
        AssertProblem(Valid.Replace("sourcepath: \"hello/src/\"", "sourcepath: \"escape\"", StringComparison.Ordinal), 8, "lies outside the scenario folder");
    }

    [Fact]
    public void DuplicateTargets_BadOrders_AndBadNodes_AreEachReported()
    {
        var yaml = Valid
            .Replace("target: date", "target: start", StringComparison.Ordinal)
            .Replace("order: 3", "order: soon", StringComparison.Ordinal)
            .Replace("'pi-24'", "'pi 24'", StringComparison.Ordinal);

        var problems = Problems(yaml);

        Assert.Contains(problems, p => p.Line == 11 && p.Message.Contains("'pi 24' in 'nodes'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 16 && p.Message.Contains("'order' of the 'prepare' script", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 25 && p.Message.Contains("two scripts for target 'start'", StringComparison.Ordinal));
    }

    [Fact]
    public void NoDeploymentFile_SaysHowToStart()
    {
        var (deployment, problems) = DeploymentReader.Read(_dir.Path);

        Assert.Null(deployment);
        Assert.Contains("octl scen create", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    private Deployment Read(string yaml)
    {
        File.WriteAllText(Path.Combine(_dir.Path, DeploymentReader.FileName), yaml);
        var (deployment, problems) = DeploymentReader.Read(_dir.Path);
        Assert.True(deployment is not null, string.Join("\n", problems));
        return deployment;
    }

    private IReadOnlyList<DeploymentProblem> Problems(string yaml)
    {
        File.WriteAllText(Path.Combine(_dir.Path, DeploymentReader.FileName), yaml);
        var (deployment, problems) = DeploymentReader.Read(_dir.Path);
        Assert.Null(deployment);
        return problems;
    }

    private void AssertProblem(string yaml, int line, string message)
    {
        var problems = Problems(yaml);
        Assert.True(
            problems.Any(p => p.Line == line && p.Message.Contains(message, StringComparison.Ordinal) && p.File.EndsWith(DeploymentReader.FileName, StringComparison.Ordinal)),
            $"expected line {line}: {message}; got:\n{string.Join("\n", problems)}");
    }
}
