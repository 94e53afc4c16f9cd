using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Access;

/// <summary><c>octl whoami</c>: the account the token acts as, the current path, the token and the nodes in reach.</summary>
internal sealed class WhoAmICommand : Command
{
    public WhoAmICommand(OctlContext context)
        : base("whoami", "Show the account the token acts as, the current workgroup path, the token's name and how many nodes are in reach")
    {
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, cancellationToken)));
    }

    private static async Task<int> ExecuteAsync(OctlSession session, CancellationToken cancellationToken)
    {
        var caller = await session.Client.WhoAmIAsync(cancellationToken);
        if (session.Format == OutputFormat.Json)
        {
            JsonOutput.Write(session.OutWriter, caller, ProtocolJsonContext.Default.CallerView);
            return ExitCodes.Success;
        }

        var settings = session.Settings;
        var expiry = settings is { TokenSource: TokenSource.Session, Session: { } saved } && saved.TokenId == caller.TokenId && saved.Expiry() is { } end
            ? $", expires {HumanFormat.Timestamp(end)} (in {HumanFormat.Duration(end - session.Now)})"
            : "";
        var lines = new[]
        {
            $"account: {caller.Account}",
            $"path:    {caller.Path}",
            $"token:   {caller.TokenName} ({caller.TokenId}{expiry}, from {Source(settings.TokenSource)})",
            $"nodes:   {HumanFormat.Count(caller.Nodes.Count, "node")} in {caller.Path}",
        };
        foreach (var line in lines)
        {
            session.OutConsole.MarkupLine(Markup.Escape(line));
        }

        return ExitCodes.Success;
    }

    private static string Source(TokenSource source) => source switch
    {
        TokenSource.Flag => "--token",
        TokenSource.Environment => OctlSettingsResolver.TokenVariable,
        TokenSource.Session => "octl login",
        TokenSource.ConfigFile => "token: in octl.yaml",
        _ => "nowhere",
    };
}
