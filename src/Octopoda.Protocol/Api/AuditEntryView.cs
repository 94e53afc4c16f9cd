namespace Octopoda.Protocol.Api;

/// <summary>One line of the audit log: who did what, to which targets, when, and how it ended.</summary>
public sealed record AuditEntryView
{
    /// <summary>Position in the log (increasing).</summary>
    public required long Sequence { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The account that acted (a workgroup path), or for a failed login the account it tried.</summary>
    public required string Actor { get; init; }

    /// <summary>What was asked, e.g. <c>cmd.run</c>, <c>wg.add</c>, <c>login</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Its subject: the command line, the group path, the node names.</summary>
    public string? Subject { get; init; }

    /// <summary>The nodes it touched, comma-separated (bounded).</summary>
    public string? Targets { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public required int Status { get; init; }

    /// <summary>The outcome in words: <c>ok</c>, or why it was refused.</summary>
    public required string Outcome { get; init; }

    /// <summary>The batch it started, for runs.</summary>
    public string? BatchId { get; init; }
}
