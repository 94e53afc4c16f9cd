using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Octopoda.Client;
using Spectre.Console;

namespace Octopoda.Cli.Access;

/// <summary>
/// <c>octl logout</c>: revokes the session's token on the Brain and removes it from the session file; the current
/// path stays. The token is removed even when the Brain cannot be reached, so nothing secret is left behind.
/// </summary>
internal sealed class LogoutCommand : Command
{
    public LogoutCommand(OctlContext context)
        : base("logout", "Revoke the login session's token on the Brain and remove it from octl.session.yaml")
    {
        SetAction((parse, cancellationToken) =>
            context.RunAsync(parse, SessionNeeds.SessionToken, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var sessionFile = session.Settings.SessionFile;
        var saved = session.Settings.Session;
        if (sessionFile is null || string.IsNullOrEmpty(saved?.Token))
        {
            Report(session, new AccessReport { Action = "logout", Revoked = false, SessionFile = sessionFile },
                $"not logged in: {(sessionFile is null ? "there is no session file" : $"{sessionFile} holds no token")}");
            return ExitCodes.Success;
        }

        var revoked = false;
        string outcome;
        if (saved.IsExpired(session.Now) || saved.TokenId is null)
        {
            outcome = $"the session's token had expired; removed it from {sessionFile}";
        }
        else
        {
            try
            {
                await session.Client.RevokeTokenAsync(saved.TokenId, cancellationToken);
                revoked = true;
                outcome = $"logged out of {saved.Account ?? "the session"}: token {saved.TokenId} revoked and removed from {sessionFile}";
            }
            catch (OctopodaApiException ex) when (ex.StatusCode is 401 or 404)
            {
                // The Brain no longer takes or knows the token (revoked elsewhere, or expired early): it is harmless already.
                outcome = $"the Brain no longer accepts token {saved.TokenId}; removed it from {sessionFile}";
            }
            catch (OctopodaException)
            {
                OctlSessionStore.Update(sessionFile, s => s.ClearToken());
                var until = saved.Expiry() is { } end ? $" until {HumanFormat.Timestamp(end)}" : "";
                session.ErrorConsole.MarkupLine(Markup.Escape(
                    $"the token was removed from {sessionFile} but not revoked on the Brain: it keeps working{until}; " +
                    $"revoke it with 'octl token revoke {saved.TokenId}' once the Brain can be reached"));
                throw;
            }
        }

        OctlSessionStore.Update(sessionFile, s => s.ClearToken());
        Report(session, new AccessReport { Action = "logout", Account = saved.Account, TokenId = saved.TokenId, Revoked = revoked, SessionFile = sessionFile }, outcome);
        return ExitCodes.Success;
    }

    private static void Report(OctlSession session, AccessReport report, string message)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, report, AccessJsonContext.Default.AccessReport);
                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape(message));
                break;
        }
    }
}
