using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Workgroups;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary>
/// <c>octl wg rm &lt;path&gt; [node…]</c>: removes nodes from a group and every group under it; with no nodes, removes
/// the whole group and its sub-groups (as does leaving it empty). With <c>-o json</c>, the group after, or <c>null</c>
/// when it is gone.
/// </summary>
internal sealed class WgRmCommand : Command
{
    private readonly Argument<string> _path = WgArguments.Path();

    private readonly Argument<string[]> _nodes = new("nodes")
    {
        Description = "Node names or @groups to remove (from the group's sub-groups too); none removes the whole group",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public WgRmCommand(OctlContext context)
        : base("rm", "Remove nodes from a group and its sub-groups; with no nodes, remove the whole group and its sub-groups")
    {
        Arguments.Add(_path);
        Arguments.Add(_nodes);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var path = await WorkgroupPaths.ResolveAsync(session, parse.GetRequiredValue(_path), cancellationToken);
        var nodes = parse.GetValue(_nodes) ?? [];
        var group = await session.Client.RemoveFromWorkgroupAsync(path.Value, nodes, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json when group is null:
                session.OutWriter.WriteLine("null");
                break;
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, group, ProtocolJsonContext.Default.WorkgroupView);
                break;
            case OutputFormat.Lines:
                foreach (var member in group?.Members ?? [])
                {
                    session.OutWriter.WriteLine(member);
                }

                break;
            default:
                var named = string.Join(", ", nodes);
                session.OutConsole.MarkupLine(Markup.Escape((group, nodes.Length) switch
                {
                    (null, 0) => $"removed the workgroup {path} and every group under it",
                    (null, _) => $"removed {named} from {path}, which was left empty: the workgroup {path} and every group under it were removed",
                    _ => $"removed {named} from {group.Path} and the groups under it; {group.Path} has {WorkgroupDetailView.Members(group)}",
                }));
                break;
        }

        if (group is null && session.Settings.WorkgroupPath is { } current && WorkgroupPath.Parse(current).IsAtOrUnder(path))
        {
            session.ErrorConsole.MarkupLine(Markup.Escape($"note: the current path {current} was removed with it; 'octl wg cd' goes back to the account"));
        }

        return ExitCodes.Success;
    }
}
