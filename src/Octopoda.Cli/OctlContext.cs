using System.CommandLine;
using Octopoda.Cli.Configuration;
using Octopoda.Client;

namespace Octopoda.Cli;

/// <summary>Shared by every command of one run: the environment and the global options.</summary>
internal sealed class OctlContext(OctlEnvironment environment)
{
    public OctlEnvironment Environment { get; } = environment;

    public GlobalOptions Globals { get; } = new();

    /// <summary>Resolves the configuration, connects a client and runs <paramref name="action"/> with them.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<OctlSession, Task<int>> action) =>
        RunAsync(parse, SessionNeeds.Token, action);

    /// <summary>As <see cref="RunAsync(ParseResult, Func{OctlSession, Task{int}})"/>, with the credentials <paramref name="needs"/> says.</summary>
    public async Task<int> RunAsync(ParseResult parse, SessionNeeds needs, Func<OctlSession, Task<int>> action)
    {
        using var session = OpenSession(parse, needs);
        return await action(session);
    }

    private OctlSession OpenSession(ParseResult parse, SessionNeeds needs)
    {
        var settings = OctlSettingsResolver.Resolve(
            Environment, parse.GetValue(Globals.Config), parse.GetValue(Globals.Brain), parse.GetValue(Globals.Token),
            readSession: needs != SessionNeeds.Anonymous);
        var clientSettings = needs switch
        {
            SessionNeeds.Anonymous => settings with { Token = null, WorkgroupPath = null },
            SessionNeeds.SessionToken => settings with
            {
                Token = settings.Session is { } saved && !saved.IsExpired(Environment.Time.GetUtcNow()) ? saved.Token : null,
            },
            _ when settings.SessionExpired => throw Expired(settings),
            _ => settings,
        };

        OctopodaClient client;
        try
        {
            client = new OctopodaClient(clientSettings.ToClientOptions());
        }
        catch (Exception ex) when (ex is ArgumentException or OctopodaException)
        {
            // The CA settings are unusable (unreadable file, malformed fingerprint): a configuration problem.
            var source = settings.ConfigFile is null ? "" : $" (in {settings.ConfigFile})";
            throw new OctlUsageException($"{ex.Message}{source}");
        }

        return new OctlSession(Environment, settings, Globals.GetFormat(parse), client);
    }

    private static OctlSessionExpiredException Expired(OctlSettings settings)
    {
        var session = settings.Session!;
        var account = session.Account ?? "/";
        var when = session.Expiry() is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "";
        return new OctlSessionExpiredException(
            $"the login session for {account} expired{when}; run 'octl login {account}' again (session file {settings.SessionFile})");
    }
}
