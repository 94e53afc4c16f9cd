namespace Octopoda.Cli.Scenarios;

/// <summary>
/// One step of an apply or a reset: a batch per application (or one for the whole scenario), all waited for. Results
/// arrive from parallel batches, so they are added under a lock and read sorted, in the deployment's application
/// order and then by node: the same whatever order the nodes finished in.
/// </summary>
internal sealed class ApplyStep(string step, string target, int? order, IReadOnlyList<string> appOrder)
{
    private readonly Lock _lock = new();
    private readonly List<NodeResult> _results = [];
    private readonly Dictionary<string, int> _rank = appOrder.Select((app, i) => (app, i)).ToDictionary(p => p.app, p => p.i, StringComparer.Ordinal);

    /// <summary>What the step does: <c>prepare</c> (sources), <c>run</c> (a target's scripts), <c>commit</c>, <c>purge</c>, <c>reset</c>.</summary>
    public string Step { get; } = step;

    /// <summary>The target it serves.</summary>
    public string Target { get; } = target;

    /// <summary>The script order of a run step's group.</summary>
    public int? Order { get; } = order;

    /// <summary>How a person reads it: <c>start · order 1</c>, <c>prepare · sources</c>.</summary>
    public string Title => Step switch
    {
        "run" when Order is { } o => $"{Target} · order {o}",
        "run" => Target,
        "prepare" => "prepare · sources",
        "purge" => "purge · remove the NodeApps",
        _ => Step,
    };

    public void Add(IEnumerable<NodeResult> results)
    {
        lock (_lock)
        {
            _results.AddRange(results);
        }
    }

    /// <summary>The results so far, sorted.</summary>
    public IReadOnlyList<NodeResult> Results()
    {
        lock (_lock)
        {
            return _results
                .OrderBy(r => _rank.GetValueOrDefault(r.App, int.MaxValue))
                .ThenBy(r => r.App, StringComparer.Ordinal)
                .ThenBy(r => r.Node, StringComparer.Ordinal)
                .ToArray();
        }
    }

    public ApplyStepReport ToReport() => new() { Step = Step, Target = Target, Order = Order, Results = Results() };
}
