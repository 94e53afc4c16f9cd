using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>
/// Runs the system <c>git</c> for one remote: arguments only through <see cref="ProcessStartInfo.ArgumentList"/> (never a
/// shell), credentials only through the environment, and every message redacted by <see cref="GitRemote.Redact"/>.
/// </summary>
internal sealed class GitRunner
{
    /// <summary>
    /// Passing configuration through <c>GIT_CONFIG_COUNT</c>/<c>KEY</c>/<c>VALUE</c> came in git 2.31; an older git
    /// ignores those variables, so it would silently push without the credentials.
    /// </summary>
    private static readonly Version ConfigEnvironmentVersion = new(2, 31);

    /// <summary>
    /// Variables git reads for its configuration, identity and search path, taken from octl's environment (which the
    /// tests give) rather than the process's. Unset there means unset for git.
    /// </summary>
    private static readonly string[] Forwarded =
    [
        "PATH", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_SSH_COMMAND",
    ];

    /// <summary>Variables that would point git at another repository (octl run from a git hook sets them) or add configuration.</summary>
    private static readonly string[] Cleared =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    ];

    private readonly string _git;
    private readonly Dictionary<string, string?> _variables;
    private readonly GitRemote _remote;

    private GitRunner(string git, Dictionary<string, string?> variables, GitRemote remote)
    {
        _git = git;
        _variables = variables;
        _remote = remote;
    }

    /// <summary>
    /// Finds git on <c>PATH</c> and checks that it can carry <paramref name="remote"/>'s credentials; a
    /// <see cref="GitException"/> saying to install git when there is none.
    /// </summary>
    public static async Task<GitRunner> CreateAsync(OctlEnvironment environment, GitRemote remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(remote);
        var path = environment.Variable("PATH");
        var git = Find(path) ?? throw new GitException(
            "git was not found on PATH; 'octl scen repo' runs the system git: install it (e.g. 'apt-get install git') and try again",
            [$"PATH={path}"]);

        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = environment.HomeDirectory,
            // octl is scriptable: a missing credential must fail, not wait for someone to type it.
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        foreach (var name in Forwarded)
        {
            variables[name] = environment.Variable(name);
        }

        foreach (var name in Cleared)
        {
            variables[name] = null;
        }

        if (remote.AuthorizationHeader is { } header)
        {
            // Scoped to the repository's URL, so the header goes to that server only.
            variables["GIT_CONFIG_COUNT"] = "1";
            variables["GIT_CONFIG_KEY_0"] = $"http.{remote.Url}.extraHeader";
            variables["GIT_CONFIG_VALUE_0"] = header;
        }

        var runner = new GitRunner(git, variables, remote);
        if (remote.AuthorizationHeader is not null)
        {
            var version = await runner.RunCheckedAsync(environment.CurrentDirectory, ["--version"], cancellationToken);
            if (ParseVersion(version) is { } found && found < ConfigEnvironmentVersion)
            {
                throw new GitException(
                    $"git {found} cannot take credentials from octl without putting them on its command line; install git {ConfigEnvironmentVersion} or newer",
                    []);
            }
        }

        return runner;
    }

    /// <summary>True when git will see <paramref name="name"/> set (e.g. <c>GIT_AUTHOR_NAME</c>).</summary>
    public bool HasVariable(string name) =>
        _variables.TryGetValue(name, out var value) ? value is not null : Environment.GetEnvironmentVariable(name) is { Length: > 0 };

    /// <summary>Runs <c>git <paramref name="arguments"/></c> in <paramref name="directory"/>; a failure is a value.</summary>
    public async Task<GitOutput> RunAsync(
        string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = _git,
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(IsConfigEntry).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in _variables.Concat(variables?.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)) ?? []))
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new GitException($"cannot run {_git}: {ex.Message}", []);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }

            return new GitOutput(process.ExitCode, await stdout, _remote.Redact(await stderr));
        }
    }

    /// <summary>As <see cref="RunAsync"/>, returning stdout trimmed; a <see cref="GitException"/> with git's stderr when it fails.</summary>
    public async Task<string> RunCheckedAsync(
        string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        var output = await RunAsync(directory, arguments, cancellationToken, variables);
        if (!output.Succeeded)
        {
            var details = output.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new GitException(
                $"'git {arguments[0]}' failed (exit {output.ExitCode.ToString(CultureInfo.InvariantCulture)}) in {directory}",
                details);
        }

        return output.Out.Trim();
    }

    private static string? Find(string? path)
    {
        var name = OperatingSystem.IsWindows() ? "git.exe" : "git";
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)
                && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary><c>git version 2.39.5</c> (or <c>2.39.5.windows.1</c>) → 2.39.5; null when unrecognised.</summary>
    private static Version? ParseVersion(string text)
    {
        var numbers = text.Split(' ').LastOrDefault(part => part.Length > 0 && char.IsAsciiDigit(part[0]))?.Split('.');
        return numbers is { Length: >= 2 }
            && int.TryParse(numbers[0], CultureInfo.InvariantCulture, out var major)
            && int.TryParse(numbers[1], CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    /// <summary>Configuration passed by a caller's environment (<c>GIT_CONFIG_KEY_n</c>/<c>VALUE_n</c>): octl sets its own.</summary>
    private static bool IsConfigEntry(string name) =>
        name.StartsWith("GIT_CONFIG_KEY_", StringComparison.Ordinal) || name.StartsWith("GIT_CONFIG_VALUE_", StringComparison.Ordinal);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }
}
