using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>
/// <c>octl scen repo clone &lt;scen&gt; [-u user] [dir]</c>: clones the scenario's repository into <c>./&lt;scen&gt;</c> (or
/// <c>dir</c>), which must not exist or be empty.
/// </summary>
internal sealed class ScenRepoCloneCommand : Command
{
    private readonly Argument<string> _scenario = new("scen") { Description = "The scenario's name" };

    private readonly Argument<string?> _directory = new("dir")
    {
        Description = "Where to clone it (default ./<scen>); it must not exist or be empty",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _user = ScenRepoCommand.UserOption();

    public ScenRepoCloneCommand(OctlContext context)
        : base("clone", "Clone a scenario's repository from the Git server into a new folder")
    {
        Arguments.Add(_scenario);
        Arguments.Add(_directory);
        Options.Add(_user);
        SetAction((parse, cancellationToken) =>
            ScenRepoCommand.RunAsync(context.Environment, () => ExecuteAsync(context, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        var name = parse.GetRequiredValue(_scenario);
        if (!ScenarioNames.IsValid(name))
        {
            throw new OctlUsageException($"'{name}' cannot name a scenario: {ScenarioNames.Rule}; nothing was cloned");
        }

        var folder = Path.TrimEndingDirectorySeparator(
            Path.GetFullPath(parse.GetValue(_directory) is { Length: > 0 } directory ? directory : name, environment.CurrentDirectory));
        if (File.Exists(folder) || (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()))
        {
            throw new OctlUsageException($"{folder} already exists and is not empty: pick another directory or move it away; nothing was cloned");
        }

        var remote = ScenRepoCommand.Remote(context, parse, parse.GetValue(_user), name);
        var git = await GitRunner.CreateAsync(environment, remote, cancellationToken);
        await git.RunCheckedAsync(environment.CurrentDirectory, ["clone", "-q", "--", remote.Url, folder], cancellationToken);
        var head = await git.RunAsync(folder, ["rev-parse", "--verify", "-q", "HEAD"], cancellationToken);
        var report = new RepoCloneReport(name, folder, remote.Url, head.Succeeded ? head.Out.Trim() : null);

        switch (context.Globals.GetFormat(parse))
        {
            case OutputFormat.Json:
                JsonOutput.Write(environment.Out, report, RepoJsonContext.Default.RepoCloneReport);
                break;
            case OutputFormat.Lines:
                environment.Out.WriteLine(report.Folder);
                break;
            default:
                environment.Out.WriteLine(report.Commit is { } commit
                    ? $"cloned {report.Url} ({commit[..Math.Min(12, commit.Length)]}) into {report.Folder}"
                    : $"cloned {report.Url} into {report.Folder}; the repository is empty (push a scenario to it with 'octl scen repo push {name}')");
                break;
        }

        environment.Out.Flush();
        return ExitCodes.Success;
    }
}
