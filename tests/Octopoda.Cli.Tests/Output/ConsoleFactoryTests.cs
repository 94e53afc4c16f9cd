using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Tests.Output;

public sealed class ConsoleFactoryTests
{
    [Fact]
    public void Create_NotATerminal_WritesNoEscapes()
    {
        using var writer = new StringWriter();

        var console = ConsoleFactory.Create(writer, isTerminal: false, Environment(writer, noColor: null));
        console.MarkupLine("[red]error:[/] x");

        Assert.False(console.Profile.Capabilities.Ansi);
        Assert.Equal("error: x\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Create_TerminalWithNoColor_WritesNoEscapes()
    {
        using var writer = new StringWriter();

        var console = ConsoleFactory.Create(writer, isTerminal: true, Environment(writer, noColor: "1"));
        console.MarkupLine("[green]online[/]");

        Assert.False(console.Profile.Capabilities.Ansi);
        Assert.Equal("online\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    private static OctlEnvironment Environment(TextWriter writer, string? noColor) => new()
    {
        Out = writer,
        Error = writer,
        GetVariable = name => name == "NO_COLOR" ? noColor : null,
    };
}
