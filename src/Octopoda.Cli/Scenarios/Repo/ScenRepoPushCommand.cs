using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>
/// <c>octl scen repo push &lt;scen&gt; [-m message] [-u user]</c>: makes the scenario folder a Git repository if it is not
/// one, commits everything in it (when anything changed) and pushes its branch to <c>origin</c>, which it points at
/// the scenario's repository.
/// </summary>
internal sealed class ScenRepoPushCommand : Command
{
    /// <summary>The commit message without <c>-m</c>.</summary>
    internal const string DefaultMessage = "octl scen repo push";

    /// <summary>The branch of a new repository, and the one pushed to from a detached HEAD.</summary>
    internal const string DefaultBranch = "main";

    /// <summary>The identity of octl's commits when git has none configured (a fresh machine or container).</summary>
    private const string FallbackName = "octl";

    private const string FallbackEmail = "octl@localhost";

    private readonly Argument<string> _scenario = new("scen")
    {
        Description = "The scenario folder: a name in the current directory, or a path; its last segment is the scenario's name",
    };

    private readonly Option<string?> _message = new("--message", "-m")
    {
        Description = $"The commit message (default '{DefaultMessage}')",
        HelpName = "text",
    };

    private readonly Option<string?> _user = ScenRepoCommand.UserOption();

    public ScenRepoPushCommand(OctlContext context)
        : base("push", "Commit a scenario folder (git init when needed) and push it to its repository on the Git server")
    {
        Arguments.Add(_scenario);
        Options.Add(_message);
        Options.Add(_user);
        SetAction((parse, cancellationToken) =>
            ScenRepoCommand.RunAsync(context.Environment, () => ExecuteAsync(context, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetRequiredValue(_scenario), environment.CurrentDirectory));
        var name = Path.GetFileName(folder);
        if (!ScenarioNames.IsValid(name))
        {
            throw new OctlUsageException($"'{name}' cannot name a scenario: {ScenarioNames.Rule}; nothing was pushed");
        }

        if (!File.Exists(Path.Combine(folder, DeploymentReader.FileName)))
        {
            throw new OctlUsageException(Directory.Exists(folder)
                ? $"{folder} has no {DeploymentReader.FileName}, so it is not a scenario folder (write one with 'octl scen create {name}'); nothing was pushed"
                : $"there is no scenario folder {folder}; nothing was pushed");
        }

        var remote = ScenRepoCommand.Remote(context, parse, parse.GetValue(_user), name);
        var git = await GitRunner.CreateAsync(environment, remote, cancellationToken);
        var message = parse.GetValue(_message) is { Length: > 0 } given ? given : DefaultMessage;

        // Only the folder's own .git counts: a scenario folder inside some other repository gets one of its own,
        // rather than committing the enclosing repository's changes (as the original did, opening ./<scen> only).
        var initialized = !Path.Exists(Path.Combine(folder, ".git"));
        if (initialized)
        {
            await git.RunCheckedAsync(folder, ["init", "-q", "-b", DefaultBranch], cancellationToken);
        }

        await git.RunCheckedAsync(folder, ["add", "-A"], cancellationToken);
        var committed = (await git.RunCheckedAsync(folder, ["status", "--porcelain"], cancellationToken)).Length > 0;
        if (committed)
        {
            var identity = await FallbackIdentityAsync(git, folder, cancellationToken);
            await git.RunCheckedAsync(folder, ["commit", "-q", "-m", message], cancellationToken, identity);
        }

        var head = await git.RunAsync(folder, ["rev-parse", "--verify", "-q", "HEAD"], cancellationToken);
        if (!head.Succeeded)
        {
            throw new OctlUsageException($"{folder} has no commit and nothing to commit (is everything ignored by .gitignore?); nothing was pushed");
        }

        var commit = head.Out.Trim();
        var symbolic = await git.RunAsync(folder, ["symbolic-ref", "-q", "--short", "HEAD"], cancellationToken);
        var branch = symbolic.Succeeded && symbolic.Out.Trim() is { Length: > 0 } current ? current : DefaultBranch;
        var origin = await git.RunAsync(folder, ["remote", "get-url", "origin"], cancellationToken);
        if (!origin.Succeeded)
        {
            await git.RunCheckedAsync(folder, ["remote", "add", "origin", remote.Url], cancellationToken);
        }
        else if (origin.Out.Trim() != remote.Url)
        {
            await git.RunCheckedAsync(folder, ["remote", "set-url", "origin", remote.Url], cancellationToken);
        }

        await git.RunCheckedAsync(folder, ["push", "-q", "origin", $"HEAD:refs/heads/{branch}"], cancellationToken);

        var report = new RepoPushReport(name, folder, remote.Url, branch, commit, committed, initialized);
        Write(environment, context.Globals.GetFormat(parse), report, message);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Author and committer for octl's commit when git would find none (it refuses to commit then); a configured
    /// <c>user.name</c>/<c>user.email</c> or <c>GIT_AUTHOR_*</c> variables win.
    /// </summary>
    private static async Task<Dictionary<string, string>> FallbackIdentityAsync(GitRunner git, string folder, CancellationToken cancellationToken)
    {
        var identity = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, suffix, fallback) in new[] { ("user.name", "NAME", FallbackName), ("user.email", "EMAIL", FallbackEmail) })
        {
            if (git.HasVariable("GIT_AUTHOR_" + suffix) || git.HasVariable("GIT_COMMITTER_" + suffix))
            {
                continue;
            }

            var configured = await git.RunAsync(folder, ["config", key], cancellationToken);
            if (configured.Out.Trim().Length == 0)
            {
                identity["GIT_AUTHOR_" + suffix] = fallback;
                identity["GIT_COMMITTER_" + suffix] = fallback;
            }
        }

        return identity;
    }

    private static void Write(OctlEnvironment environment, OutputFormat format, RepoPushReport report, string message)
    {
        var shortCommit = report.Commit[..Math.Min(12, report.Commit.Length)];
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(environment.Out, report, RepoJsonContext.Default.RepoPushReport);
                break;
            case OutputFormat.Lines:
                environment.Out.WriteLine(report.Commit);
                break;
            default:
                if (report.Initialized)
                {
                    environment.Out.WriteLine($"initialized a Git repository in {report.Folder} (branch {DefaultBranch})");
                }

                environment.Out.WriteLine(report.Committed
                    ? $"committed {shortCommit} \"{message}\""
                    : $"nothing to commit: {report.Branch} is at {shortCommit}");
                environment.Out.WriteLine($"pushed {report.Branch} ({shortCommit}) to {report.Url}");
                break;
        }

        environment.Out.Flush();
    }
}
