using Octopoda.Protocol.Scenarios;
using Spectre.Console;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Applies a checked <see cref="ApplyPlan"/> (docs/ARCHITECTURE.md, "Scenarios"): declares the scenario first (the
/// Brain resolves each application's nodes; a problem there stops everything at the <c>nodes:</c> line it comes
/// from), then the target's steps. Scripts of a target run in groups by ascending <c>order</c>, the applications
/// of a group in parallel; a node that fails stops neither the others nor the later groups (as in the original),
/// but the exit code says so at the end. Unlike the original, ties in order run together instead of in an order
/// picked by the clock, a prepare works on a scenario that already exists, and versions are the Brain's
/// content-derived ones.
/// </summary>
internal sealed class ScenarioApplier(OctlSession session, ApplyPlan plan, string deploymentFile)
{
    /// <summary>
    /// With <c>--timeout</c>, how much longer than the script limit octl waits for a step: the node kills the script at
    /// the limit and reports at once on a live link; 15 s leaves room for a reconnect in between.
    /// </summary>
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(15);

    private Deployment Deployment => plan.Deployment;

    public Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var waitLimit = plan.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) + ReportGrace : (TimeSpan?)null;
        var run = new ScenarioRun(session, Deployment.Name, plan.Target, Deployment.Applications.Select(a => a.Name).ToArray(), waitLimit);
        return run.ExecuteAsync(async () =>
        {
            await DeclareAsync(run, cancellationToken);
            switch (plan.Target)
            {
                case ApplyPlan.Default:
                    await PrepareAsync(run, cancellationToken);
                    await RunScriptsAsync(run, ApplyPlan.Start, cancellationToken);
                    break;
                case ApplyPlan.Prepare:
                    await PrepareAsync(run, cancellationToken);
                    break;
                case ApplyPlan.Commit:
                    await CommitAsync(run, cancellationToken);
                    break;
                case ApplyPlan.Purge:
                    await RunScriptsAsync(run, ApplyPlan.Purge, cancellationToken);
                    await run.StepAsync("purge", ApplyPlan.Purge, null,
                        [new StepPart(null, "purge", (_, c) => session.Client.PurgeScenarioAsync(Deployment.Name, c))], cancellationToken);
                    break;
                default:
                    await RunScriptsAsync(run, plan.Target, cancellationToken);
                    break;
            }
        }, cancellationToken);
    }

    /// <summary>Creates or updates the scenario; when the Brain cannot resolve some application's nodes, says where and stops (exit 2).</summary>
    private async Task DeclareAsync(ScenarioRun run, CancellationToken cancellationToken)
    {
        var declaration = new ScenarioDeclaration
        {
            Description = Deployment.Description,
            Applications = Deployment.Applications
                .Select(a => new ScenarioAppDeclaration { Name = a.Name, Description = a.Description, Nodes = a.Nodes })
                .ToArray(),
        };
        var answer = await session.Client.DeclareScenarioAsync(Deployment.Name, declaration, cancellationToken);
        if (!answer.Stored)
        {
            var problems = 0;
            foreach (var app in answer.Applications.Where(a => a.Problem is not null))
            {
                var line = Deployment.Applications.FirstOrDefault(a => a.Name == app.Name)?.NodesLine ?? 0;
                session.ErrorWriter.WriteLine(new DeploymentProblem(deploymentFile, line, $"application '{app.Name}': {app.Problem}").ToString());
                problems++;
            }

            session.ErrorWriter.Flush();
            throw new OctlUsageException(problems > 0
                ? $"the Brain cannot resolve the nodes of {problems} application(s) of {Deployment.Name}; nothing was stored or run"
                : $"the Brain did not store the scenario {Deployment.Name} and gave no reason; nothing was run");
        }

        run.Applications = answer.Applications.Select(a => new AppNodes { Name = a.Name, Nodes = a.Nodes }).ToArray();
        run.View.Declared(Deployment.Name, answer);
    }

    /// <summary>
    /// Prepare: every application's sources to its nodes in parallel, then the prepare scripts, then a commit of every
    /// NodeApp and a scenario version. The version is the prepared state, so an unchanged folder applied again records
    /// nothing (the original versioned the sources before its scripts ran, so a second prepare recorded their effects).
    /// </summary>
    private async Task PrepareAsync(ScenarioRun run, CancellationToken cancellationToken)
    {
        var parts = Deployment.Applications.Select(app => new StepPart(app.Name, $"prepare · {app.Name}", async (tracker, c) =>
        {
            await using var tar = AppSourceTar.Start(app.Name, app.SourceDirectory, tracker.Sent, Warn);
            return await session.Client.PrepareAppAsync(Deployment.Name, app.Name, tar.Stream, plan.Message, c);
        })).ToArray();
        await run.StepAsync("prepare", ApplyPlan.Prepare, null, parts, cancellationToken);
        await RunScriptsAsync(run, ApplyPlan.Prepare, cancellationToken);
        await CommitAsync(run, cancellationToken);
    }

    /// <summary>Every application's NodeApps record a version if their content changed; then a scenario version.</summary>
    private async Task CommitAsync(ScenarioRun run, CancellationToken cancellationToken)
    {
        var parts = Deployment.Applications
            .Select(app => new StepPart(app.Name, $"commit · {app.Name}", (_, c) => session.Client.CommitAppAsync(Deployment.Name, app.Name, plan.Message, c)))
            .ToArray();
        await run.StepAsync("commit", ApplyPlan.Commit, null, parts, cancellationToken);
        await run.RecordVersionAsync(plan.Message, cancellationToken);
    }

    /// <summary>The target's scripts, a group at a time by ascending order; the applications of a group in parallel.</summary>
    private async Task RunScriptsAsync(ScenarioRun run, string target, CancellationToken cancellationToken)
    {
        foreach (var group in plan.Groups(target))
        {
            var parts = group.Select(script => new StepPart(script.App, $"{target} · {script.App}", (_, c) => session.Client.RunAppScriptAsync(
                Deployment.Name,
                script.App,
                new NodeAppRunRequest { Target = target, ScriptName = script.ScriptName, Script = script.Script, TimeoutSeconds = plan.TimeoutSeconds },
                c))).ToArray();
            await run.StepAsync("run", target, group.Key, parts, cancellationToken);
        }
    }

    private void Warn(string message) => session.ErrorConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
