using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>The one JSON document <c>octl cmd run -o json</c> prints.</summary>
internal sealed record CmdRunReport
{
    public required string BatchId { get; init; }

    /// <summary>The schedule this run started (<c>--every</c>), if any.</summary>
    public string? ScheduleId { get; init; }

    /// <summary>One task per node, sorted by node name.</summary>
    public required IReadOnlyList<TaskView> Results { get; init; }

    public int Total { get; init; }

    public int Succeeded { get; init; }

    public int Failed { get; init; }

    public int Unreachable { get; init; }

    /// <summary>With <c>-ta</c>: how closely the tasks started together.</summary>
    public AlignedStart? AlignedStart { get; init; }
}
