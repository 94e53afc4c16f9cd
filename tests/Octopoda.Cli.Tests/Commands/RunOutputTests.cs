using System.Text.Json;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Commands;

public sealed class RunOutputTests
{
    private static readonly TaskView[] Results =
    [
        Samples.Task("node2", TaskState.Failed, 2, "partial\n", "cp: cannot stat 'x'\r\nsecond\n"),
        Samples.Task("node1", TaskState.Succeeded, 0, "Linux node1 6.1.0 x86_64 GNU/Linux\nline two"),
        Samples.Task("node3", TaskState.Expired, error: "node was offline for the whole ttl (0 s)"),
    ];

    [Fact]
    public void Lines_Results_PrefixEveryLineWithItsNode()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Play(new LinesRunOutput(stdout, stderr));

        Assert.Equal("node2: partial\nnode1: Linux node1 6.1.0 x86_64 GNU/Linux\nnode1: line two\n", stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(
            "node2: cp: cannot stat 'x'\nnode2: second\noctl: node2: failed, exit 2\noctl: node3: expired: node was offline for the whole ttl (0 s)\n",
            stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_Results_OneDocumentSortedByNodeWithCounts()
    {
        using var stdout = new StringWriter();

        Play(new JsonRunOutput(stdout));

        using var document = JsonDocument.Parse(stdout.ToString());
        var root = document.RootElement;
        Assert.Equal("b-1", root.GetProperty("batchId").GetString());
        Assert.Equal(["node1", "node2", "node3"], root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("node").GetString()));
        Assert.Equal("succeeded", root.GetProperty("results")[0].GetProperty("state").GetString());
        Assert.Equal(0, root.GetProperty("results")[0].GetProperty("exitCode").GetInt32());
        Assert.Equal((3, 1, 1, 1), (root.GetProperty("total").GetInt32(), root.GetProperty("succeeded").GetInt32(),
            root.GetProperty("failed").GetInt32(), root.GetProperty("unreachable").GetInt32()));
    }

    [Fact]
    public void Table_Results_HeaderOutputAndSummaryWithoutColourOffTerminal()
    {
        using var stdout = new StringWriter();
        var environment = new OctlEnvironment { Out = stdout, Error = TextWriter.Null };

        Play(new TableRunOutput(ConsoleFactory.Create(stdout, isTerminal: false, environment), stdout));

        var text = stdout.ToString().ReplaceLineEndings("\n");
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.Equal(
            """
            batch b-1 · 3 nodes
            node2 · failed · exit 2 · 12 ms
            partial
            stderr:
            cp: cannot stat 'x'
            second
            node1 · succeeded · exit 0 · 12 ms
            Linux node1 6.1.0 x86_64 GNU/Linux
            line two
            node3 · expired · node was offline for the whole ttl (0 s)
            3 nodes: 1 succeeded, 1 failed, 1 unreachable

            """.ReplaceLineEndings("\n"),
            text);
    }

    private static void Play(IRunOutput output)
    {
        var submission = Samples.Submission("node2", "node1", "node3");
        output.Started(submission);
        foreach (var task in Results)
        {
            output.Finished(task);
        }

        output.Completed(submission, Results, BatchOutcome.Of(Results.Select(r => r.State)), aligned: null);
    }
}
