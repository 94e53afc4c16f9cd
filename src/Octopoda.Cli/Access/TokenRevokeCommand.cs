using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Access;

/// <summary>
/// <c>octl token revoke &lt;id&gt;</c>: the token stops working at once. Revoking the login session's own token also
/// removes it from the session file.
/// </summary>
internal sealed class TokenRevokeCommand : Command
{
    private readonly Argument<string> _id = new("id") { Description = "The token's id ('octl token list' shows them)" };

    public TokenRevokeCommand(OctlContext context)
        : base("revoke", "Revoke a token of your account or of an account under it: it stops working at once")
    {
        Arguments.Add(_id);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetRequiredValue(_id).Trim();
        await session.Client.RevokeTokenAsync(id, cancellationToken);

        var settings = session.Settings;
        var wasSession = settings is { SessionFile: not null, Session.TokenId: { } sessionId } && sessionId == id;
        if (wasSession)
        {
            OctlSessionStore.Update(settings.SessionFile!, s => s.ClearToken());
        }

        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, new AccessReport { Action = "revoke", TokenId = id, Revoked = true }, AccessJsonContext.Default.AccessReport);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine(id);
                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape(wasSession
                    ? $"revoked token {id}, the login session's own: removed it from {settings.SessionFile}; 'octl login' to work again"
                    : $"revoked token {id}"));
                break;
        }

        return ExitCodes.Success;
    }
}
