using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Tasks;
using Octopoda.Client;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Nodes;

/// <summary>
/// <c>octl node tail &lt;file&gt; &lt;node&gt; [-n lines] [--timeout d]</c>: follows a file on one node, writing its new
/// lines raw to stdout, until Ctrl-C (which stops the tail on the node; exit 0) or the tail's own end.
/// </summary>
internal sealed class NodeTailCommand : Command
{
    /// <summary>Longest the stop request may take after Ctrl-C.</summary>
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    private readonly Argument<string> _file = new("file")
    {
        Description = "The file on the node: absolute, or relative to the Tentacle's workspace",
    };

    private readonly Argument<string> _node = new("node") { Description = "The node" };

    private readonly Option<int> _lines = new("--lines", "-n")
    {
        Description = "Print this many existing last lines first (default 10)",
        HelpName = "count",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<int?> _timeout = Durations.Option(
        "--timeout", "", "Stop following after this long (default: the Brain's, 1h)", minimumSeconds: 1);

    public NodeTailCommand(OctlContext context)
        : base("tail", "Follow a file on a node, printing new lines as they are written, until Ctrl-C")
    {
        _lines.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--lines takes a count of 0 or more; got {result.GetValueOrDefault<int>()}");
            }
        });
        Arguments.Add(_file);
        Arguments.Add(_node);
        Options.Add(_lines);
        Options.Add(_timeout);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        BatchRunner.CheckFormat(session, follow: true);
        var submission = await session.Client.TailAsync(
            new TailRequest
            {
                Node = parse.GetRequiredValue(_node),
                Path = parse.GetRequiredValue(_file),
                Lines = parse.GetValue(_lines),
                TimeoutSeconds = parse.GetValue(_timeout),
            },
            cancellationToken);
        var task = submission.Tasks[0];
        try
        {
            return await TaskFollower.FollowAsync(
                session, session.Client.StreamTaskAsync(task.Id, cancellationToken), () => session.Client.GetTaskAsync(task.Id, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a tail normally ends: stop it on the node too, so it does not run on to its timeout.
            using var budget = new CancellationTokenSource(StopBudget);
            try
            {
                await session.Client.CancelTaskAsync(task.Id, budget.Token);
            }
            catch (Exception ex) when (ex is OctopodaException or OperationCanceledException)
            {
                FailureReporter.Write(session.ErrorConsole,
                    $"could not stop the tail on {task.Node} ({(ex is OctopodaException ? ex.Message : "the Brain did not answer")}); " +
                    $"it ends at its timeout, or run 'octl task cancel {task.Id}'");
            }

            return ExitCodes.Success;
        }
    }
}
