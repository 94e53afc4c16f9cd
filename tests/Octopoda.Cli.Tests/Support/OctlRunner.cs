namespace Octopoda.Cli.Tests.Support;

/// <summary>
/// Runs octl in-process in an isolated environment: its own variables, a temp directory as both the working and
/// the home directory, no system config file, and writers instead of the console.
/// </summary>
internal sealed class OctlRunner : IDisposable
{
    public TempDirectory Directory { get; } = new();

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>What stdin holds.</summary>
    public string Stdin { get; set; } = "";

    /// <summary>True to act as if stdin were a terminal, answering prompts from <see cref="SecretAnswers"/>.</summary>
    public bool StdinIsTerminal { get; set; }

    /// <summary>What is typed at each hidden prompt, in order; a prompt with none left fails the test.</summary>
    public Queue<string> SecretAnswers { get; } = new();

    /// <summary>The prompts shown, in order.</summary>
    public List<string> Prompts { get; } = [];

    /// <summary>Called as each prompt is shown, before it is answered (e.g. to press Ctrl-C there).</summary>
    public Action<string>? OnPrompt { get; set; }

    /// <summary>The environment a run sees.</summary>
    public OctlEnvironment Environment(TextWriter stdout, TextWriter stderr) => new()
    {
        Out = stdout,
        Error = stderr,
        GetVariable = name => Variables.GetValueOrDefault(name),
        CurrentDirectory = Directory.Path,
        HomeDirectory = Path.Combine(Directory.Path, "home"),
        SystemConfigFile = Path.Combine(Directory.Path, "etc", "octl.yaml"),
        Time = Time,
        In = new StringReader(Stdin),
        InIsTerminal = StdinIsTerminal,
        SecretPrompt = (prompt, _) =>
        {
            Prompts.Add(prompt);
            OnPrompt?.Invoke(prompt);
            return Task.FromResult(SecretAnswers.TryDequeue(out var answer)
                ? answer
                : throw new InvalidOperationException($"no answer left for the prompt '{prompt}'"));
        },
    };

    public Task<OctlResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<OctlResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await OctlApp.RunAsync(args, Environment(stdout, stderr), cancellationToken).Within($"octl {string.Join(' ', args)}");
        return new OctlResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs octl writing to writers the test can watch while it runs (e.g. to press Ctrl-C once output arrived).</summary>
    public async Task<OctlResult> RunAsync(WatchedWriter stdout, WatchedWriter stderr, CancellationToken cancellationToken, params string[] args)
    {
        var exitCode = await OctlApp.RunAsync(args, Environment(stdout, stderr), cancellationToken).Within($"octl {string.Join(' ', args)}");
        return new OctlResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Dispose();
}
