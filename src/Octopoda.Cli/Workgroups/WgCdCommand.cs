using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary>
/// <c>octl wg cd [path]</c>: makes a group the current path, kept in the session file. The group must exist (the
/// Brain is asked first); no path or <c>~</c> goes to the account.
/// </summary>
internal sealed class WgCdCommand : Command
{
    private readonly Argument<string?> _path = new("path")
    {
        Description = "The group: absolute, relative to the current path (g1, ..), or ~ (the default) for the account",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public WgCdCommand(OctlContext context)
        : base("cd", "Change the current workgroup path (kept in octl.session.yaml); with no path, go to the account")
    {
        Arguments.Add(_path);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var target = await WorkgroupPaths.ResolveAsync(session, parse.GetValue(_path) ?? "~", cancellationToken);
        var sessionFile = session.Settings.SessionFile
            ?? throw new OctlUsageException("there is nowhere to keep the current path: no config file was found and there is no home directory; pass --config FILE");

        // Refused (unknown group, outside the account) leaves the session as it was.
        var group = await session.Client.GetWorkgroupAsync(target.Value, cancellationToken);
        OctlSessionStore.Update(sessionFile, s => s.Path = group.Path);

        if (session.Format == OutputFormat.Json)
        {
            JsonOutput.Write(session.OutWriter, group, ProtocolJsonContext.Default.WorkgroupView);
        }
        else
        {
            session.OutWriter.WriteLine(group.Path);
        }

        if (session.Environment.Variable(OctlSettingsResolver.PathVariable) is { } overriding)
        {
            session.ErrorConsole.MarkupLine(Markup.Escape(
                $"note: {OctlSettingsResolver.PathVariable}={overriding} is set and still overrides the saved path in this shell"));
        }

        return ExitCodes.Success;
    }
}
