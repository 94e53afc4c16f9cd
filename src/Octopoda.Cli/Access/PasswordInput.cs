using System.CommandLine;
using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Access;

/// <summary>
/// Reads a password: from stdin with <c>--password-stdin</c>, else from a hidden prompt on the terminal. Never from
/// the command line, where it would stay in the shell's history and show in the process list.
/// </summary>
internal static class PasswordInput
{
    /// <summary>The shortest password the Brain accepts for an account.</summary>
    public const int MinimumLength = 8;

    /// <summary>The <c>--password-stdin</c> flag.</summary>
    public static Option<bool> StdinOption() => new("--password-stdin")
    {
        Description = "Read the password from stdin (all of it, less one final line break) instead of prompting for it",
    };

    /// <summary>
    /// The password, or a usage error before anything is sent: empty, stdin not a terminal without
    /// <c>--password-stdin</c>, or (with <paramref name="confirm"/> on a terminal) the two entries differ.
    /// </summary>
    public static async Task<string> ReadAsync(
        OctlEnvironment environment, bool fromStdin, string prompt, bool confirm, CancellationToken cancellationToken)
    {
        string password;
        if (fromStdin)
        {
            password = StripFinalLineBreak(await environment.In.ReadToEndAsync(cancellationToken));
            if (password.Length == 0)
            {
                throw new OctlUsageException("--password-stdin: stdin held no password");
            }

            return password;
        }

        if (!environment.InIsTerminal)
        {
            throw new OctlUsageException(
                "stdin is not a terminal, so octl cannot prompt for the password; pipe it in with --password-stdin " +
                "(octl never takes a password on the command line)");
        }

        var ask = environment.SecretPrompt ?? ((text, token) => PromptAsync(environment, text, token));
        password = await AskAsync(environment, ask, prompt, cancellationToken);
        if (password.Length == 0)
        {
            throw new OctlUsageException("no password was entered");
        }

        if (confirm && await AskAsync(environment, ask, "Repeat it:", cancellationToken) != password)
        {
            throw new OctlUsageException("the two passwords differ; nothing was changed");
        }

        return password;
    }

    /// <summary>Spectre's prompt on stderr (stdout may be a pipe), echoing nothing at all, not even a mask.</summary>
    private static Task<string> PromptAsync(OctlEnvironment environment, string text, CancellationToken cancellationToken)
    {
        var console = ConsoleFactory.Create(environment.Error, environment.ErrorIsTerminal, environment);
        // Keys come from the terminal on stdin; stderr's own terminal-ness decides only the colours.
        console.Profile.Capabilities.Interactive = true;
        return new TextPrompt<string>(text).Secret(null).AllowEmpty().ShowAsync(console, cancellationToken);
    }

    /// <summary>
    /// One prompt. On Ctrl-C Spectre's prompt either throws (the prompt's line is then ended here, so the report
    /// starts on a line of its own) or returns what was typed so far: an interruption either way, never an entry.
    /// </summary>
    private static async Task<string> AskAsync(
        OctlEnvironment environment, Func<string, CancellationToken, Task<string>> ask, string prompt, CancellationToken cancellationToken)
    {
        string answer;
        try
        {
            answer = await ask(prompt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            environment.Error.WriteLine();
            throw;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return answer;
    }

    private static string StripFinalLineBreak(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;
}
