using Spectre.Console;

namespace Octopoda.Cli.Output;

/// <summary>Creates Spectre consoles over octl's writers, with colour only on a terminal and never under NO_COLOR.</summary>
internal static class ConsoleFactory
{
    /// <summary>
    /// Width used when the writer is not a terminal. A pipe or a file has no width of its own, and a line broken
    /// there only hurts grep; tables and messages are sized by their content, so a wide page costs nothing.
    /// </summary>
    private const int PipeWidth = 4096;

    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal, OctlEnvironment environment)
    {
        var colour = isTerminal && environment.Variable("NO_COLOR") is null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            // The default enrichers change the profile under CI systems; octl's output must not depend on that.
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        if (!isTerminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}
