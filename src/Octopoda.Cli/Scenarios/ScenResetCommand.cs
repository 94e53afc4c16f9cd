using System.CommandLine;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// <c>octl scen reset &lt;scen&gt; -v &lt;prefix&gt; -m &lt;msg&gt;</c>: every NodeApp of that scenario version is restored on
/// its node, each node's result shown; then a scenario version is recorded from what the NodeApps now hold, so a
/// node whose reset failed is recorded as it is, not as restored (the original recorded the target regardless).
/// An unknown or ambiguous prefix is the Brain's to refuse (404, 409) and is reported with its detail.
/// </summary>
internal sealed class ScenResetCommand : Command
{
    private readonly Argument<string> _scenario = new("scen") { Description = "The scenario's name" };
    private readonly Option<string> _version = VersionHashes.PrefixOption();
    private readonly Option<string> _message = VersionHashes.MessageOption("the scenario version the reset records");

    public ScenResetCommand(OctlContext context)
        : base("reset", "Restore every NodeApp of a scenario to one of its versions, then record that as a new version")
    {
        Arguments.Add(_scenario);
        Options.Add(_version);
        Options.Add(_message);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session =>
        {
            var scenario = parse.GetRequiredValue(_scenario).Trim();
            var prefix = VersionHashes.Normalize(parse.GetRequiredValue(_version));
            var message = parse.GetRequiredValue(_message);
            var run = new ScenarioRun(session, scenario, "reset", [], waitLimit: null);
            return run.ExecuteAsync(async () =>
            {
                await run.StepAsync("reset", "reset", null,
                    [new StepPart(null, $"reset {scenario} to {prefix}", (_, c) => session.Client.ResetScenarioAsync(scenario, prefix, message, c))],
                    cancellationToken);
                await run.RecordVersionAsync(message, cancellationToken);
            }, cancellationToken);
        }));
    }
}
