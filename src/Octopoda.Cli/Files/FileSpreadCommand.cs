using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file spread [-f] [--ttl d] &lt;name&gt; &lt;targetDir&gt; &lt;targets…&gt;</c>: sends a file kept in the Brain's
/// store (<c>file upload … brain</c>) on to nodes, and shows each node's result and gives the exit code as
/// <c>file upload</c> does.
/// </summary>
internal sealed class FileSpreadCommand : Command
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "The stored name, as 'octl file ls brain' shows it",
    };

    private readonly Argument<string> _directory = new("targetDir") { Description = FileCommandOptions.TargetDirectoryDescription };

    private readonly Argument<string[]> _targets = new("targets")
    {
        Description = "Node names, @groups or labels",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<bool> _force = FileCommandOptions.Force("Create the target directory on nodes where it does not exist");

    private readonly Option<int?> _ttl = FileCommandOptions.Ttl();

    public FileSpreadCommand(OctlContext context)
        : base("spread", "Send a file kept in the Brain's file store on to nodes and show each node's result")
    {
        Arguments.Add(_name);
        Arguments.Add(_directory);
        Arguments.Add(_targets);
        Options.Add(_force);
        Options.Add(_ttl);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var name = parse.GetRequiredValue(_name);
        var directory = parse.GetRequiredValue(_directory);
        var targets = parse.GetRequiredValue(_targets);
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(directory))
        {
            throw new OctlUsageException("give the stored name and the target directory: octl file spread <name> <targetDir> <targets…>");
        }

        BrainStore.RefuseAmong(targets, "the file is in the store already; name the nodes to send it to");
        var submission = await session.Client.SpreadAsync(
            new FileSpreadRequest
            {
                Name = name,
                TargetDirectory = directory,
                Targets = targets,
                Force = parse.GetValue(_force),
                TtlSeconds = parse.GetValue(_ttl) ?? 0,
            },
            cancellationToken);
        return await BatchRunner.RunAsync(session, submission, follow: false, aligned: false, cancellationToken);
    }
}
