using System.CommandLine;
using Octopoda.Cli.Access;
using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary>
/// <c>octl wg grant &lt;path&gt; [--password-stdin]</c>: gives a group a password, making it an account. The password is
/// asked for twice on the terminal, or read from stdin; never taken from the command line.
/// </summary>
internal sealed class WgGrantCommand : Command
{
    private readonly Argument<string> _path = WgArguments.Path();

    private readonly Option<bool> _passwordStdin = PasswordInput.StdinOption();

    public WgGrantCommand(OctlContext context)
        : base("grant", $"Give a group a password (at least {PasswordInput.MinimumLength} characters), making it an account that can log in; it must be a direct sub-group of your account")
    {
        Arguments.Add(_path);
        Options.Add(_passwordStdin);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetRequiredValue(_path);
        WorkgroupPaths.CheckSyntax(text);
        var password = await PasswordInput.ReadAsync(
            session.Environment, parse.GetValue(_passwordStdin), $"New password for {text}:", confirm: true, cancellationToken);
        if (password.Length < PasswordInput.MinimumLength)
        {
            throw new OctlUsageException($"the password is too short: an account's password needs at least {PasswordInput.MinimumLength} characters; nothing was sent");
        }

        var path = await WorkgroupPaths.ResolveAsync(session, text, cancellationToken);
        await session.Client.GrantWorkgroupAsync(path.Value, password, cancellationToken);
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, new AccessReport { Action = "grant", Account = path.Value, Path = path.Value }, AccessJsonContext.Default.AccessReport);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine(path.Value);
                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape($"{path} is now an account: log in to it with 'octl login {path}'"));
                break;
        }

        return ExitCodes.Success;
    }
}
