using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Workgroups;
using Spectre.Console;

namespace Octopoda.Cli.Access;

/// <summary>
/// <c>octl login [account] [--password-stdin] [--lifetime D] [--name LABEL]</c>: exchanges an account's password for
/// an expiring token and keeps it in the session file (mode 0600), with the account as the current path.
/// </summary>
internal sealed class LoginCommand : Command
{
    /// <summary>The Brain's longest token lifetime: 30 days.</summary>
    private const int MaxLifetimeSeconds = 30 * 86_400;

    /// <summary>The Brain's longest token label.</summary>
    private const int MaxNameLength = 64;

    private readonly Argument<string> _account = new("account")
    {
        Description = "The account: a workgroup path with a password ('/' is the administrator; relative paths start at '/')",
        DefaultValueFactory = _ => "/",
    };

    private readonly Option<bool> _passwordStdin = PasswordInput.StdinOption();

    private readonly Option<int?> _lifetime = Durations.Option(
        "--lifetime", "", "How long the token lives (default: the Brain's, 12h; at most 30d)", minimumSeconds: 60);

    private readonly Option<string?> _name = new("--name")
    {
        Description = "A label for the token in 'octl token list' (default: octl@HOST)",
        HelpName = "label",
    };

    public LoginCommand(OctlContext context)
        : base("login", "Log in to an account: the password is asked for (or read with --password-stdin) and the token kept in octl.session.yaml")
    {
        _lifetime.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is > MaxLifetimeSeconds)
            {
                result.AddError($"--lifetime is at most {Durations.Format(MaxLifetimeSeconds)}");
            }
        });
        _name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: 0 or > MaxNameLength })
            {
                result.AddError($"--name takes 1 to {MaxNameLength} characters");
            }
        });
        Arguments.Add(_account);
        Options.Add(_passwordStdin);
        Options.Add(_lifetime);
        Options.Add(_name);
        SetAction((parse, cancellationToken) =>
            context.RunAsync(parse, SessionNeeds.Anonymous, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        if (!WorkgroupPath.TryResolve(WorkgroupPath.Root, parse.GetValue(_account), out var account, out var error))
        {
            throw new OctlUsageException(error);
        }

        var sessionFile = session.Settings.SessionFile
            ?? throw new OctlUsageException("there is nowhere to keep the session: no config file was found and there is no home directory; pass --config FILE");
        var password = await PasswordInput.ReadAsync(
            session.Environment, parse.GetValue(_passwordStdin), $"Password for {account}:", confirm: false, cancellationToken);

        var login = await session.Client.LoginAsync(
            new LoginRequest
            {
                Path = account.Value,
                Password = password,
                LifetimeSeconds = parse.GetValue(_lifetime),
                Name = parse.GetValue(_name) ?? DefaultName(),
            },
            cancellationToken);

        var saved = new OctlSessionFile { Token = login.Token, TokenId = login.TokenId, Account = login.Account, Path = login.Account };
        saved.SetExpiry(login.ExpiresAt);
        OctlSessionStore.Save(sessionFile, saved);
        Report(session, login, sessionFile);
        return ExitCodes.Success;
    }

    private static void Report(OctlSession session, LoginResponse login, string sessionFile)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, new AccessReport
                {
                    Action = "login",
                    Account = login.Account,
                    Path = login.Account,
                    TokenId = login.TokenId,
                    ExpiresAt = login.ExpiresAt,
                    SessionFile = sessionFile,
                }, AccessJsonContext.Default.AccessReport);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine(login.Account);
                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape(
                    $"logged in as {login.Account} until {HumanFormat.Timestamp(login.ExpiresAt)} " +
                    $"(in {HumanFormat.Duration(login.ExpiresAt - session.Now)}); the session is kept in {sessionFile}"));
                break;
        }

        // The new token is saved, but these would still win over it in this shell.
        var overrides = session.Settings.TokenSource switch
        {
            TokenSource.Flag => "--token",
            TokenSource.Environment => OctlSettingsResolver.TokenVariable,
            _ => null,
        };
        if (overrides is not null)
        {
            session.ErrorConsole.MarkupLine(Markup.Escape($"note: {overrides} is set and is used instead of the session's token"));
        }

        if (session.Environment.Variable(OctlSettingsResolver.PathVariable) is { } path)
        {
            session.ErrorConsole.MarkupLine(Markup.Escape($"note: {OctlSettingsResolver.PathVariable}={path} is set and is used instead of the session's path"));
        }
    }

    private static string DefaultName()
    {
        var name = $"octl@{System.Environment.MachineName}";
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength];
    }
}
