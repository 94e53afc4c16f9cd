namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// <c>POST /api/v1/scenarios/{scenario}/apps/{app}/run</c>: run a target's script on each of the application's
/// nodes, in its NodeApp directory; 202 with a <see cref="Api.RunSubmission"/> of one <c>napp.run</c> task per node.
/// </summary>
public sealed record NodeAppRunRequest
{
    /// <summary>The target (<c>start</c>, <c>stop</c>, <c>purge</c> or a custom one).</summary>
    public required string Target { get; init; }

    /// <summary>The script's file name, for <c>OCTOPODA_FILENAME</c>.</summary>
    public required string ScriptName { get; init; }

    /// <summary>The script's text (at most 1 MiB).</summary>
    public required string Script { get; init; }

    /// <summary>Kill the script after this many seconds; null for no limit.</summary>
    public int? TimeoutSeconds { get; init; }
}
