using Octopoda.Cli.Configuration;
using Octopoda.Cli.Output;
using Octopoda.Client;
using Spectre.Console;

namespace Octopoda.Cli;

/// <summary>
/// What one command invocation works with: the Brain client, the settings it was made from (the login session
/// among them), the output format and the streams.
/// </summary>
internal sealed class OctlSession(OctlEnvironment environment, OctlSettings settings, OutputFormat format, OctopodaClient client) : IDisposable
{
    /// <summary>The Brain.</summary>
    public OctopodaClient Client { get; } = client;

    /// <summary>The resolved configuration, the login session and the current path.</summary>
    public OctlSettings Settings { get; } = settings;

    /// <summary>The process's streams, variables and clock.</summary>
    public OctlEnvironment Environment { get; } = environment;

    /// <summary>The <c>-o</c> choice.</summary>
    public OutputFormat Format { get; } = format;

    /// <summary>stdout for raw text and JSON.</summary>
    public TextWriter OutWriter => Environment.Out;

    /// <summary>stderr for raw text.</summary>
    public TextWriter ErrorWriter => Environment.Error;

    /// <summary>stdout for tables and coloured text.</summary>
    public IAnsiConsole OutConsole { get; } = ConsoleFactory.Create(environment.Out, environment.OutIsTerminal, environment);

    /// <summary>stderr for coloured notes.</summary>
    public IAnsiConsole ErrorConsole { get; } = ConsoleFactory.Create(environment.Error, environment.ErrorIsTerminal, environment);

    /// <summary>The current time.</summary>
    public DateTimeOffset Now => Environment.Time.GetUtcNow();

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
