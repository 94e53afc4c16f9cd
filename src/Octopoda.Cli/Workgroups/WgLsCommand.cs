using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary><c>octl wg ls [path]</c>: the sub-groups of a group, by name.</summary>
internal sealed class WgLsCommand : Command
{
    private readonly Argument<string?> _path = WgArguments.OptionalPath();

    public WgLsCommand(OctlContext context)
        : base("ls", "List the sub-groups of a group (default: the current path)")
    {
        Arguments.Add(_path);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var group = await WgGetCommand.FetchAsync(session, parse.GetValue(_path), cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, group, ProtocolJsonContext.Default.WorkgroupView);
                break;
            case OutputFormat.Lines:
                foreach (var child in group.Children)
                {
                    session.OutWriter.WriteLine(WorkgroupPaths.Name(child));
                }

                break;
            default:
                if (group.Children.Count == 0)
                {
                    session.OutConsole.MarkupLine(Markup.Escape($"no sub-groups in {group.Path}"));
                }

                foreach (var child in group.Children)
                {
                    session.OutConsole.MarkupLine(Markup.Escape(WorkgroupPaths.Name(child)));
                }

                break;
        }

        return ExitCodes.Success;
    }
}
