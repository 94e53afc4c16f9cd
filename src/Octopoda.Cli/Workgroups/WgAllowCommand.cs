using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary>
/// <c>octl wg allow &lt;path&gt; [pattern…] [--clear]</c>: sets a group's command allow-list (patterns match the whole
/// command line; <c>*</c> any run of characters, <c>?</c> one); <c>--clear</c> removes it; neither shows it.
/// </summary>
internal sealed class WgAllowCommand : Command
{
    private readonly Argument<string> _path = WgArguments.Path();

    private readonly Argument<string[]> _patterns = new("patterns")
    {
        Description = "Command-line patterns, each quoted as one argument, e.g. 'systemctl status *' uptime; they replace the group's list",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _clear = new("--clear")
    {
        Description = "Remove the group's own allow-list (its parent groups' lists still apply)",
    };

    public WgAllowCommand(OctlContext context)
        : base("allow", "Set, clear (--clear) or show a group's command allow-list: runs on its nodes must match one pattern")
    {
        Arguments.Add(_path);
        Arguments.Add(_patterns);
        Options.Add(_clear);
        Validators.Add(result =>
        {
            if (result.GetValue(_clear) && result.GetValue(_patterns) is { Length: > 0 })
            {
                result.AddError("--clear takes no patterns: give either patterns (to set the list) or --clear (to remove it)");
            }
        });
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var path = await WorkgroupPaths.ResolveAsync(session, parse.GetRequiredValue(_path), cancellationToken);
        var patterns = parse.GetValue(_patterns) ?? [];
        var clear = parse.GetValue(_clear);
        WorkgroupView group = patterns.Length == 0 && !clear
            ? await session.Client.GetWorkgroupAsync(path.Value, cancellationToken)
            : await session.Client.SetAllowListAsync(path.Value, patterns, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, group, ProtocolJsonContext.Default.WorkgroupView);
                break;
            case OutputFormat.Lines:
                foreach (var pattern in group.Allow)
                {
                    session.OutWriter.WriteLine(pattern);
                }

                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape(group.Allow.Count == 0
                    ? $"{group.Path} has {WorkgroupDetailView.Allow(group)}"
                    : $"{group.Path} allows only: {WorkgroupDetailView.Allow(group)}"));
                break;
        }

        return ExitCodes.Success;
    }
}
