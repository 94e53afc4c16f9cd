using System.CommandLine;
using Octopoda.Cli.Scenarios;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.NodeApps;

/// <summary>
/// <c>octl napp reset &lt;node&gt; &lt;app@scen&gt; -v &lt;prefix&gt; -m &lt;msg&gt;</c>: restores one NodeApp to one of its
/// versions and shows the node's result; then records a scenario version, since the scenario changed with it.
/// </summary>
internal sealed class NappResetCommand : Command
{
    private readonly Argument<string> _node = NodeAppNames.Node();
    private readonly Argument<string?> _nodeApp = NodeAppNames.NodeApp(optional: false);
    private readonly Option<string> _version = VersionHashes.PrefixOption();
    private readonly Option<string> _message = VersionHashes.MessageOption("the NodeApp's and the scenario's new versions");

    public NappResetCommand(OctlContext context)
        : base("reset", "Restore a NodeApp to one of its versions, then record the scenario's new version")
    {
        Arguments.Add(_node);
        Arguments.Add(_nodeApp);
        Options.Add(_version);
        Options.Add(_message);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session =>
        {
            var node = parse.GetRequiredValue(_node).Trim();
            var (app, scenario) = NodeAppNames.Split(parse.GetValue(_nodeApp)!);
            var prefix = VersionHashes.Normalize(parse.GetRequiredValue(_version));
            var message = parse.GetRequiredValue(_message);
            var run = new ScenarioRun(session, scenario, "reset", [app], waitLimit: null);
            return run.ExecuteAsync(async () =>
            {
                await run.StepAsync("reset", "reset", null,
                    [new StepPart(app, $"reset {ScenarioNames.NodeApp(app, scenario)} on {node} to {prefix}",
                        (_, c) => session.Client.ResetNodeAppAsync(node, app, scenario, prefix, message, c))],
                    cancellationToken);
                await run.RecordVersionAsync(message, cancellationToken);
            }, cancellationToken);
        }));
    }
}
