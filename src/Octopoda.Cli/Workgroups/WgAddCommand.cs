using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary><c>octl wg add &lt;path&gt; &lt;node|@group&gt;…</c>: adds nodes to a group, creating it.</summary>
internal sealed class WgAddCommand : Command
{
    private readonly Argument<string> _path = WgArguments.Path();

    private readonly Argument<string[]> _nodes = new("nodes")
    {
        Description = "Node names or @groups (relative to the current path); each must be a member of the group's parent",
        Arity = ArgumentArity.OneOrMore,
    };

    public WgAddCommand(OctlContext context)
        : base("add", "Add nodes to a group, creating the group if it does not exist")
    {
        Arguments.Add(_path);
        Arguments.Add(_nodes);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var path = await WorkgroupPaths.ResolveAsync(session, parse.GetRequiredValue(_path), cancellationToken);
        var group = await session.Client.AddToWorkgroupAsync(path.Value, parse.GetRequiredValue(_nodes), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, group, ProtocolJsonContext.Default.WorkgroupView);
                break;
            case OutputFormat.Lines:
                foreach (var member in group.Members)
                {
                    session.OutWriter.WriteLine(member);
                }

                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape($"{group.Path} has {WorkgroupDetailView.Members(group)}"));
                break;
        }

        return ExitCodes.Success;
    }
}
