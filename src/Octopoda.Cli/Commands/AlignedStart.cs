using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// How well a time-aligned run (<c>-ta</c>) started together: the spread between the earliest and the latest start,
/// in Brain time (each node's start corrected by its measured clock offset).
/// </summary>
/// <param name="SpreadMs">Latest minus earliest start, in ms; null when no task started.</param>
/// <param name="Nodes">Tasks that started.</param>
internal sealed record AlignedStart(double? SpreadMs, int Nodes)
{
    /// <summary>Measures the tasks that have a start time.</summary>
    public static AlignedStart Measure(IEnumerable<TaskView> tasks)
    {
        var starts = tasks.Where(t => t.StartedAt is not null).Select(t => t.StartedAt!.Value).ToList();
        return starts.Count == 0
            ? new AlignedStart(null, 0)
            : new AlignedStart(Math.Round((starts.Max() - starts.Min()).TotalMilliseconds, 3), starts.Count);
    }

    /// <summary><c>aligned start: spread 1.3 ms over 5 nodes</c>.</summary>
    public string Describe() => SpreadMs is { } spread
        ? string.Create(CultureInfo.InvariantCulture, $"aligned start: spread {spread:0.0} ms over {HumanFormat.Count(Nodes, "node")}")
        : "aligned start: no task started";
}
