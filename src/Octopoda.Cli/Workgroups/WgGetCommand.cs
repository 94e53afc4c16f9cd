using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Workgroups;

/// <summary><c>octl wg get [path]</c>: a group's members, whether it is an account, its sub-groups and allow-list.</summary>
internal sealed class WgGetCommand : Command
{
    private readonly Argument<string?> _path = WgArguments.OptionalPath();

    public WgGetCommand(OctlContext context)
        : base("get", "Show a group (default: the current path): its member nodes, whether it is an account, its sub-groups and allow-list")
    {
        Arguments.Add(_path);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    /// <summary>The group at <paramref name="text"/>; with none, the Brain's current path (no need to know it here).</summary>
    internal static async Task<WorkgroupView> FetchAsync(OctlSession session, string? text, CancellationToken cancellationToken) =>
        await session.Client.GetWorkgroupAsync(
            text is null ? null : (await WorkgroupPaths.ResolveAsync(session, text, cancellationToken)).Value, cancellationToken);

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var group = await FetchAsync(session, parse.GetValue(_path), cancellationToken);
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
                WorkgroupDetailView.Render(session.OutConsole, group);
                break;
        }

        return ExitCodes.Success;
    }
}
