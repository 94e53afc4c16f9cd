using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>The one JSON document <c>octl cmd run -o json</c> prints.</summary>
internal sealed record CmdRunReport
{
    public required string BatchId { get; init; }

    /// <summary>One task per node, sorted by node name.</summary>
    public required IReadOnlyList<TaskView> Results { get; init; }

    public int Total { get; init; }

    public int Succeeded { get; init; }

    public int Failed { get; init; }

    public int Unreachable { get; init; }
}
