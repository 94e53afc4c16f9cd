using System.CommandLine;
using Octopoda.Cli.Output;

namespace Octopoda.Cli;

/// <summary>The options every command accepts (they are recursive, so they may stand anywhere after <c>octl</c>).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The octl.yaml to read (default: $OCTOPODA_CONFIG, ./octl.yaml, ~/.config/octopoda/octl.yaml, /etc/octopoda/octl/octl.yaml)",
        HelpName = "path",
        Recursive = true,
    };

    public Option<string?> Brain { get; } = new("--brain")
    {
        Description = "The Brain's address, e.g. https://10.0.0.5:7400 (overrides OCTOPODA_BRAIN and brain: in octl.yaml)",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The API token (overrides OCTOPODA_TOKEN, the login session's token from 'octl login' and token: in octl.yaml)",
        HelpName = "token",
        Recursive = true,
    };

    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    {
        Description = "Output format: table for people, json for scripts (stdout holds only the JSON), lines for pipes",
        HelpName = "table|json|lines",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    }.AcceptOnlyFromAmong("table", "json", "lines");

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(Brain);
        root.Options.Add(Token);
        root.Options.Add(Output);
    }

    /// <summary>The chosen output format.</summary>
    public OutputFormat GetFormat(ParseResult parse) => parse.GetValue(Output) switch
    {
        "json" => OutputFormat.Json,
        "lines" => OutputFormat.Lines,
        _ => OutputFormat.Table,
    };
}
