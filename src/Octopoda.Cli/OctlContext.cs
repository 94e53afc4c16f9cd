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
    public async Task<int> RunAsync(ParseResult parse, Func<OctlSession, Task<int>> action)
    {
        using var session = OpenSession(parse);
        return await action(session);
    }

    private OctlSession OpenSession(ParseResult parse)
    {
        var settings = OctlSettingsResolver.Resolve(
            Environment, parse.GetValue(Globals.Config), parse.GetValue(Globals.Brain), parse.GetValue(Globals.Token));
        OctopodaClient client;
        try
        {
            client = new OctopodaClient(settings.ToClientOptions());
        }
        catch (Exception ex) when (ex is ArgumentException or OctopodaException)
        {
            // The CA settings are unusable (unreadable file, malformed fingerprint): a configuration problem.
            var source = settings.ConfigFile is null ? "" : $" (in {settings.ConfigFile})";
            throw new OctlUsageException($"{ex.Message}{source}");
        }

        return new OctlSession(Environment, Globals.GetFormat(parse), client);
    }
}
