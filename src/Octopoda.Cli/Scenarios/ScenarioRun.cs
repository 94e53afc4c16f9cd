using Octopoda.Cli.Commands;
using Octopoda.Client;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// What an apply and the resets share: steps of parallel batches waited for, each shown as it ends; the scenario
/// version recorded; and the end, which turns every node's result into the exit code (as <c>cmd run</c> does for one
/// batch). Ctrl-C cancels the batches in flight and shows what was done; so does a Brain error part way, before it
/// is reported.
/// </summary>
internal sealed class ScenarioRun
{
    private readonly OctlSession _session;
    private readonly string _scenario;
    private readonly string _target;
    private readonly IReadOnlyList<string> _appOrder;
    private readonly BatchFollower _follower;
    private readonly ApplyProgress _progress;
    private readonly List<ApplyStep> _steps = [];
    private ScenarioVersionOutcome? _version;

    public ScenarioRun(OctlSession session, string scenario, string target, IReadOnlyList<string> appOrder, TimeSpan? waitLimit)
    {
        _session = session;
        _scenario = scenario;
        _target = target;
        _appOrder = appOrder;
        _follower = new BatchFollower(session, scenario, waitLimit);
        _progress = new ApplyProgress(session);
        View = new ApplyResultView(session);
    }

    public ApplyResultView View { get; }

    /// <summary>Each application's resolved nodes, for the JSON document (applies only).</summary>
    public IReadOnlyList<AppNodes>? Applications { get; set; }

    /// <summary>Runs <paramref name="body"/>; returns the exit code from every node's result, or 130 after Ctrl-C.</summary>
    public async Task<int> ExecuteAsync(Func<Task> body, CancellationToken cancellationToken)
    {
        try
        {
            await body();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (await _follower.CancelInFlightAsync() == 0)
            {
                FailureReporter.Write(_session.ErrorConsole, "interrupted");
            }

            Finish(completed: false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is OctopodaException or OctlUsageException && (_steps.Count > 0 || _version is not null))
        {
            // Show what was done; the error itself is reported (and sets the exit code) on the way out.
            Finish(completed: false);
            throw;
        }

        return Finish(completed: true);
    }

    /// <summary>
    /// Runs the step's batches in parallel and waits for all of them, even when one fails to submit (that failure is
    /// then thrown); the step is shown when it ends, however it ends, if any of its batches ended.
    /// </summary>
    public async Task StepAsync(string step, string target, int? order, IReadOnlyList<StepPart> parts, CancellationToken cancellationToken)
    {
        var current = new ApplyStep(step, target, order, _appOrder);
        _steps.Add(current);
        try
        {
            await _progress.RunAsync(current.Title, parts.Count, tracker => Task.WhenAll(parts.Select(async part =>
            {
                current.Add(await _follower.RunAsync(part.App, part.Label, c => part.Submit(tracker, c), cancellationToken));
                tracker.Done();
            })));
        }
        catch when (current.Results().Count == 0)
        {
            // Nothing of it happened (refused or interrupted before any batch ended): there is nothing to show.
            _steps.Remove(current);
            throw;
        }
        finally
        {
            if (_steps.Contains(current))
            {
                View.StepFinished(current);
            }
        }
    }

    /// <summary>Records a scenario version from the NodeApps' newest versions (one is appended only if they changed).</summary>
    public async Task RecordVersionAsync(string message, CancellationToken cancellationToken)
    {
        var result = await _session.Client.RecordScenarioVersionAsync(_scenario, message, cancellationToken);
        _version = ScenarioVersionOutcome.From(result);
        View.VersionRecorded(_version);
    }

    private int Finish(bool completed)
    {
        var report = new ApplyReport
        {
            Scenario = _scenario,
            Target = _target,
            Applications = Applications,
            Steps = _steps.Select(s => s.ToReport()).ToArray(),
            Version = _version,
            Completed = completed,
        };
        var outcome = BatchOutcome.Of(report.Steps.SelectMany(s => s.Results).Select(r => r.TaskState));
        View.Completed(report, outcome);
        return outcome.ExitCode;
    }
}
