namespace Octopoda.Protocol.Scenarios;

/// <summary>
/// The payload of every NodeApp task kind (<c>napp.*</c> in <see cref="Tasks.TaskKinds"/>). A NodeApp is one
/// application of one scenario on one node; it lives in <c>&lt;workspace&gt;/&lt;App&gt;@&lt;Scenario&gt;</c>. Which fields
/// matter depends on the kind; each kind's documentation names them.
/// </summary>
public sealed record NodeAppPayload
{
    /// <summary>The application's name (<see cref="ScenarioNames.IsValid"/>).</summary>
    public required string App { get; init; }

    /// <summary>The scenario's name (<see cref="ScenarioNames.IsValid"/>).</summary>
    public required string Scenario { get; init; }

    /// <summary>The application's description, kept with the NodeApp.</summary>
    public string? Description { get; init; }

    /// <summary>The message of the version this task records (commit, reset); a prepare's is kept for its log.</summary>
    public string? Message { get; init; }

    /// <summary>Prepare: the tar stream of the application's sources, fetched from the Brain like a file push.</summary>
    public NodeAppSource? Source { get; init; }

    /// <summary>Run: the target being applied (<c>start</c>, <c>stop</c>, <c>purge</c>, a custom one).</summary>
    public string? Target { get; init; }

    /// <summary>Run: the script's file name as the deployment names it (<c>OCTOPODA_FILENAME</c>).</summary>
    public string? ScriptName { get; init; }

    /// <summary>Run: the script's text, run by bash in the NodeApp directory.</summary>
    public string? Script { get; init; }

    /// <summary>Run: kill the script's process group after this many seconds; null for no limit.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Reset: the full hash of the version to restore.</summary>
    public string? Version { get; init; }
}

/// <summary>The sources of a prepare: a transfer the Brain holds (as for <see cref="Tasks.FilePushPayload"/>).</summary>
public sealed record NodeAppSource
{
    /// <summary>The transfer's id (32 lower-case hex digits).</summary>
    public required string TransferId { get; init; }

    /// <summary>The tar stream's length in bytes.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>The tar stream's SHA-256, lower-case hex.</summary>
    public required string Sha256 { get; init; }
}
