namespace Octopoda.Cli;

/// <summary>
/// What octl reads from its process: the output streams, environment variables, directories and the clock. Tests
/// give their own, so they never touch the real process environment.
/// </summary>
internal sealed class OctlEnvironment
{
    /// <summary>Where data and reports go.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where errors go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>True when <see cref="Out"/> is an interactive terminal (colour and live layout allowed).</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>True when <see cref="Error"/> is an interactive terminal.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>stdin, for <c>--password-stdin</c>.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>True when stdin is an interactive terminal, so a password may be prompted for.</summary>
    public bool InIsTerminal { get; init; }

    /// <summary>
    /// Asks for a secret on the terminal without echoing it; null uses Spectre's hidden prompt on stderr. Tests give
    /// their own, as no terminal runs under them.
    /// </summary>
    public Func<string, CancellationToken, Task<string>>? SecretPrompt { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Where <c>./octl.yaml</c> is looked for.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The user's home, for <c>~/.config/octopoda/octl.yaml</c>; null when there is none.</summary>
    public string? HomeDirectory { get; init; } = NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The system-wide config file.</summary>
    public string SystemConfigFile { get; init; } = "/etc/octopoda/octl/octl.yaml";

    /// <summary>The clock, for ages such as "online for 2m42s".</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The real process's environment writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static OctlEnvironment ForProcess(TextWriter stdout, TextWriter stderr) => new()
    {
        Out = stdout,
        Error = stderr,
        In = Console.In,
        InIsTerminal = !Console.IsInputRedirected,
        OutIsTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected,
        ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected,
    };

    /// <summary>An environment variable, treating an empty value as unset.</summary>
    public string? Variable(string name) => NullIfEmpty(GetVariable(name));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
