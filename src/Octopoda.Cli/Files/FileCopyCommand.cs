using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file copy [-f] [--ttl d] &lt;node&gt;:&lt;path&gt; &lt;target&gt;:&lt;dir&gt;</c>: copies a file or directory from
/// one node to others (a node, an @group or a label) through the Brain, which fetches it from the source first
/// (a spinner shows that on a terminal), then shows each target's result and gives the exit code as
/// <c>file upload</c> does.
/// </summary>
internal sealed class FileCopyCommand : Command
{
    private const string SourceForm = "<node>:<path>";
    private const string DestinationForm = "<target>:<dir>";

    private readonly Argument<string> _source = new("source")
    {
        HelpName = "node:path",
        Description = "The node and the file or directory on it (absolute, a path variable such as @fstore/app, or relative to @fstore)",
    };

    private readonly Argument<string> _destination = new("destination")
    {
        HelpName = "target:dir",
        Description = "The node, @group or label to copy to, and the directory there it lands in",
    };

    private readonly Option<bool> _force = FileCommandOptions.Force("Create the target directory on nodes where it does not exist");

    private readonly Option<int?> _ttl = FileCommandOptions.Ttl();

    public FileCopyCommand(OctlContext context)
        : base("copy", "Copy a file or directory from one node to others through the Brain and show each node's result")
    {
        Arguments.Add(_source);
        Arguments.Add(_destination);
        Options.Add(_force);
        Options.Add(_ttl);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var source = NodeLocation.Parse(parse.GetRequiredValue(_source), SourceForm, "web1:/etc/app.conf");
        var destination = NodeLocation.Parse(parse.GetRequiredValue(_destination), DestinationForm, "@web:/etc/app");
        BrainStore.RefuseAmong([source.Node, destination.Node],
            "to send on a file kept in the Brain's store use 'octl file spread'; to keep one there, 'octl file upload … brain'");
        var request = new FileCopyRequest
        {
            SourceNode = source.Node,
            SourcePath = source.Path,
            TargetDirectory = destination.Path,
            Targets = [destination.Node],
            Force = parse.GetValue(_force),
            TtlSeconds = parse.GetValue(_ttl) ?? 0,
        };
        var submission = await SubmitAsync(session, request, $"fetching {source.Node}:{source.Path}", cancellationToken);
        return await BatchRunner.RunAsync(session, submission, follow: false, aligned: false, cancellationToken);
    }

    /// <summary>Submits the copy, with a spinner while the Brain fetches from the source when stderr is a terminal.</summary>
    private static Task<RunSubmission> SubmitAsync(OctlSession session, FileCopyRequest request, string status, CancellationToken cancellationToken)
    {
        if (!session.Environment.ErrorIsTerminal || session.Format == OutputFormat.Json)
        {
            return session.Client.CopyAsync(request, cancellationToken);
        }

        return session.ErrorConsole.Status().StartAsync(
            Markup.Escape(Protocol.Files.FileErrors.Quote(status)), _ => session.Client.CopyAsync(request, cancellationToken));
    }
}
