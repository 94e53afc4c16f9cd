using Octopoda.Protocol.Tasks;

namespace Octopoda.Protocol.Api;

/// <summary>A task created by a submission.</summary>
public sealed record TaskRef
{
    /// <summary>The task's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its node.</summary>
    public required string Node { get; init; }

    /// <summary>Its state when the submission was answered.</summary>
    public required TaskState State { get; init; }
}
