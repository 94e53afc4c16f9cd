namespace Octopoda.Protocol.Scenarios;

/// <summary>A scenario: <c>GET /api/v1/scenarios</c> lists them (apps omitted), <c>GET /api/v1/scenarios/{name}</c> shows one.</summary>
public sealed record ScenarioView
{
    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>Its description.</summary>
    public required string Description { get; init; }

    /// <summary>Its newest version, if it has one.</summary>
    public ScenarioVersionView? Version { get; init; }

    /// <summary>How many versions it has.</summary>
    public int VersionCount { get; init; }

    /// <summary>Its applications with their nodes and each NodeApp's newest hash (only when one scenario is shown).</summary>
    public IReadOnlyList<ScenarioAppView>? Applications { get; init; }
}

/// <summary>An application of a <see cref="ScenarioView"/>.</summary>
public sealed record ScenarioAppView
{
    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>Its description.</summary>
    public required string Description { get; init; }

    /// <summary>Its NodeApps: one per node.</summary>
    public required IReadOnlyList<NodeAppHash> NodeApps { get; init; }
}

/// <summary>One NodeApp's version inside a scenario version: (application, node) → content hash.</summary>
public sealed record NodeAppHash
{
    /// <summary>The application.</summary>
    public required string App { get; init; }

    /// <summary>The node.</summary>
    public required string Node { get; init; }

    /// <summary>Its content hash; null when it has no version yet.</summary>
    public string? Hash { get; init; }
}

/// <summary>
/// One scenario version. Its <see cref="Hash"/> is the SHA-256 of its sorted (application, node, NodeApp hash)
/// lines, so equal content gives equal hashes; a reset appends a version whose hash equals the restored one's.
/// </summary>
public sealed record ScenarioVersionView
{
    /// <summary>The content hash: 64 lower-case hex digits.</summary>
    public required string Hash { get; init; }

    /// <summary>When it was recorded (Brain clock, UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Why.</summary>
    public required string Message { get; init; }

    /// <summary>Its NodeApps' hashes, sorted by application then node.</summary>
    public required IReadOnlyList<NodeAppHash> NodeApps { get; init; }
}

/// <summary>The answer to recording a scenario version: the newest version, and whether this call appended it.</summary>
public sealed record ScenarioVersionResult
{
    /// <summary>True when something changed since the last version, so one was appended.</summary>
    public required bool Appended { get; init; }

    /// <summary>The newest version (null when the scenario has none and nothing to record).</summary>
    public ScenarioVersionView? Version { get; init; }
}

/// <summary><c>GET /api/v1/scenarios</c>.</summary>
public sealed record ScenarioListResponse
{
    /// <summary>The scenarios, by name.</summary>
    public required IReadOnlyList<ScenarioView> Scenarios { get; init; }
}

/// <summary><c>GET /api/v1/scenarios/{name}/versions?offset=&amp;limit=</c>: newest first.</summary>
public sealed record ScenarioVersionListResponse
{
    /// <summary>How many versions there are in all.</summary>
    public required int Total { get; init; }

    /// <summary>The page asked for, newest first.</summary>
    public required IReadOnlyList<ScenarioVersionView> Versions { get; init; }
}

/// <summary>A NodeApp as the Brain knows it: <c>GET /api/v1/nodes/{node}/apps</c>.</summary>
public sealed record NodeAppView
{
    /// <summary>The node.</summary>
    public required string Node { get; init; }

    /// <summary>The application.</summary>
    public required string App { get; init; }

    /// <summary>The scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>The application's description.</summary>
    public string? Description { get; init; }

    /// <summary>Its newest version, if it has one.</summary>
    public NodeAppVersion? Version { get; init; }

    /// <summary>How many versions it has.</summary>
    public int VersionCount { get; init; }
}

/// <summary><c>GET /api/v1/nodes/{node}/apps</c>.</summary>
public sealed record NodeAppListResponse
{
    /// <summary>The node's NodeApps, by scenario then application.</summary>
    public required IReadOnlyList<NodeAppView> NodeApps { get; init; }
}

/// <summary><c>GET /api/v1/nodes/{node}/apps/{app@scenario}/versions?offset=&amp;limit=</c>: newest first.</summary>
public sealed record NodeAppVersionListResponse
{
    /// <summary>How many versions there are in all.</summary>
    public required int Total { get; init; }

    /// <summary>The page asked for, newest first.</summary>
    public required IReadOnlyList<NodeAppVersion> Versions { get; init; }
}
