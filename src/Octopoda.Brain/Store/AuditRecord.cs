namespace Octopoda.Brain.Store;

/// <summary>One line of the append-only audit log: every change and run through the API, and every refusal of one.</summary>
internal sealed class AuditRecord
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The account that acted (for a login, the account it tried).</summary>
    public required string Actor { get; set; }

    /// <summary>The token used, if any.</summary>
    public string? TokenId { get; set; }

    /// <summary>The source address.</summary>
    public string? Source { get; set; }

    /// <summary>What was asked, e.g. <c>cmd.run</c>.</summary>
    public required string Action { get; set; }

    /// <summary>Its subject (command line, path, node); never a secret.</summary>
    public string? Subject { get; set; }

    /// <summary>The nodes touched, comma-separated and bounded.</summary>
    public string? Targets { get; set; }

    public int Status { get; set; }

    public required string Outcome { get; set; }

    public string? BatchId { get; set; }
}
