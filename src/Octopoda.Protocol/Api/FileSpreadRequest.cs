namespace Octopoda.Protocol.Api;

/// <summary><c>POST /api/v1/files/spread</c>: send a file kept in the Brain's store on to nodes. Answered 202 with a <see cref="RunSubmission"/>.</summary>
public sealed record FileSpreadRequest
{
    /// <summary>The stored name, as <c>file ls brain</c> shows it.</summary>
    public required string Name { get; init; }

    /// <summary>Where it goes on the nodes: absolute, relative to <c>@fstore</c>, or starting with a path variable.</summary>
    public required string TargetDirectory { get; init; }

    /// <summary>Node names, <c>@group</c>s or labels.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Create the target directory when it does not exist.</summary>
    public bool Force { get; init; }

    /// <summary>How long a node that is offline may take to pick it up; 0 = the Brain's default.</summary>
    public int TtlSeconds { get; init; }
}
