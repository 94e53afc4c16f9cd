using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Files;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary><c>octl file rm &lt;name&gt; brain</c>: removes a file from the Brain's file store.</summary>
internal sealed class FileRmCommand : Command
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "The stored name, as 'octl file ls brain' shows it",
    };

    private readonly Argument<string> _where = new("brain")
    {
        Description = "brain: the Brain's file store (the only place this removes from)",
    };

    public FileRmCommand(OctlContext context)
        : base("rm", "Remove a file from the Brain's file store")
    {
        Arguments.Add(_name);
        Arguments.Add(_where);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var name = parse.GetRequiredValue(_name);
        if (!BrainStore.IsStore(parse.GetRequiredValue(_where)))
        {
            throw new OctlUsageException(
                $"file rm removes from the Brain's file store only: octl file rm <name> {BrainStore.Target}; "
                + "to remove files on nodes, run rm there with 'octl cmd run'");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new OctlUsageException("give the stored name to remove, as 'octl file ls brain' shows it");
        }

        await session.Client.DeleteStoredAsync(name, cancellationToken);
        if (session.Format == OutputFormat.Table)
        {
            session.OutConsole.MarkupLine(Markup.Escape($"removed {FileErrors.Quote(name)} from the Brain's file store"));
        }

        return ExitCodes.Success;
    }
}
