using System.CommandLine;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// <c>octl scen apply &lt;dir&gt; [target] [-m msg] [--timeout d]</c>: reads and checks the folder's deployment.yaml
/// and the scripts the target needs (nothing is sent when anything is wrong), then applies the target and shows each
/// node's result per step, with the exit code of <c>cmd run</c>.
/// </summary>
internal sealed class ScenApplyCommand : Command
{
    private readonly Argument<string> _folder = new("dir") { Description = "The scenario folder: the one holding deployment.yaml" };

    private readonly Argument<string?> _target = new("target")
    {
        Description = "prepare (sources, then the prepare scripts), start, stop, purge (scripts, then remove the NodeApps), commit, or a custom target; none: prepare then start",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _message = new("--message", "-m")
    {
        Description = "Why: recorded with the versions a prepare or commit makes (required by commit; default for prepare: \"prepare\")",
        HelpName = "text",
    };

    private readonly Option<int?> _timeout = Durations.Option(
        "--timeout",
        "",
        $"Kill a script still running after this long ({Durations.Forms}; its node fails), and stop waiting for any step this long (plus 15 s) after it began",
        minimumSeconds: 1);

    public ScenApplyCommand(OctlContext context)
        : base("apply", "Apply a target of a scenario folder to its nodes and show each node's result")
    {
        Arguments.Add(_folder);
        Arguments.Add(_target);
        Options.Add(_message);
        Options.Add(_timeout);
        SetAction((parse, cancellationToken) =>
        {
            // Everything is checked before a client exists, so a bad folder is reported the same with or without a Brain.
            var (plan, file) = Check(context, parse);
            return context.RunAsync(parse, session => new ScenarioApplier(session, plan, file).ApplyAsync(cancellationToken));
        });
    }

    private (ApplyPlan Plan, string File) Check(OctlContext context, ParseResult parse)
    {
        var error = context.Environment.Error;
        var folder = Path.GetFullPath(parse.GetRequiredValue(_folder), context.Environment.CurrentDirectory);
        var file = Path.Combine(folder, DeploymentReader.FileName);
        var (deployment, problems) = DeploymentReader.Read(folder);
        if (deployment is null)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem.ToString());
            }

            error.Flush();
            throw new OctlUsageException($"{file} has {problems.Count} problem(s); nothing was sent");
        }

        var plan = ApplyPlan.Create(deployment, parse.GetValue(_target), parse.GetValue(_message), parse.GetValue(_timeout), error.WriteLine);
        return (plan, file);
    }
}
