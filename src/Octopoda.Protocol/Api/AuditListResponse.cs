namespace Octopoda.Protocol.Api;

/// <summary>Audit entries, oldest first (<c>GET /api/v1/audit?since=&amp;user=&amp;limit=</c>).</summary>
public sealed record AuditListResponse
{
    /// <summary>The entries.</summary>
    public required IReadOnlyList<AuditEntryView> Entries { get; init; }

    /// <summary>True when more entries matched than the limit allowed (the newest are returned).</summary>
    public bool Truncated { get; init; }
}
